// Wall-clock helpers for administrative times (wave dates, token expiry).
// Contributions never carry or get a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sos/result.h"

namespace sos::serve {

std::int64_t now_seconds();
// "2026-03-01T00:00:00Z"
std::string iso_time(std::int64_t unix_seconds);
// Accepts "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DDTHH:MM[:SS]Z" and "now".
// Errors: "time.bad_format".
Result<std::int64_t> parse_time(std::string_view text);
// Accepts "90s", "30m", "12h", "14d" or plain seconds. Errors: "time.bad_duration".
Result<std::int64_t> parse_duration(std::string_view text);

}  // namespace sos::serve
