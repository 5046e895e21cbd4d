// Internal: JSON helpers shared by the view functions and JsonSession.
#pragma once

#include <string>
#include <vector>

#include "json_write.h"
#include "sos/session.h"

namespace sos::detail {

// [{"code","question","text"}]
std::string messages_array(const std::vector<Message>& messages);
// {"code","message","pointer"}
JsonObject error_object(const Error& error);
// {"answered","percent","required"}: percent in whole numbers, rounded down.
JsonObject progress_object(const Progress& progress);

}  // namespace sos::detail
