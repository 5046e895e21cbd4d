// Internal: JSON helpers shared by the view functions and JsonSession.
#pragma once

#include <string>
#include <vector>

#include "json_adapter.h"
#include "sos/session.h"

namespace sos::detail {

// Never throws: text that is not UTF-8 is replaced rather than refused.
std::string dump(const Json& json);
Json messages_array(const std::vector<Message>& messages);
Json error_object(const Error& error);
// {"answered","required","percent"}: percent in whole numbers, rounded down.
Json progress_object(const Progress& progress);

}  // namespace sos::detail
