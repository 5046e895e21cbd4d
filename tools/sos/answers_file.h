// Reading a respondent's answers from a file into a session.
#pragma once

#include <memory>
#include <string>

#include "sos/session.h"

namespace sos::cli {

// `text` is a saved session (format "sos-session/1") or a plain
// {"role": ..., "language": ..., "group": {...}, "answers": {...}}.
Result<Session> session_from_answers(std::shared_ptr<const Survey> survey, const std::string& text);

}  // namespace sos::cli
