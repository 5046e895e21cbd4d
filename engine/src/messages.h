// Built-in respondent-facing messages in the languages the product ships.
#pragma once

#include <string>
#include <string_view>

#include "sos/survey.h"

namespace sos::detail {

// Codes: required, min_selected, max_selected, number_range, number_decimals,
// too_long, scale_min, scale_max, not_applicable.
bool is_message_code(std::string_view code);

// The message for `code` in `language` (survey override first, then the
// built-in text, then English), with "{n}", "{min}", "{max}" replaced.
std::string message(const Survey& survey, std::string_view code, std::string_view language,
                    std::string_view n = {}, std::string_view min = {}, std::string_view max = {});

}  // namespace sos::detail
