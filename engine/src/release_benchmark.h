// Checks shared by the benchmark's computation and its JSON form.
#pragma once

#include <string>
#include <string_view>

#include "sos/result.h"

namespace sos::detail {

// YYYY-MM-DD naming a real calendar day.
bool is_calendar_date(std::string_view text);

// k, the minimum of organisations, the source and the date of a benchmark;
// errors carry `code` and the field's pointer.
Status check_benchmark_header(const std::string& code, int k, int min_organisations, const std::string& source,
                              const std::string& date);

}  // namespace sos::detail
