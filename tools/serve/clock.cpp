// This file offers the administrative time helpers.
#include "clock.h"

#include <cstdio>
#include <ctime>

namespace sos::serve {

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string iso_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Result<std::int64_t> parse_time(std::string_view text) {
  if (text == "now") return now_seconds();
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  std::string t(text);
  int n = std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
  bool ok = (n == 7 && tail == 'Z');
  if (!ok) {
    s = 0;
    tail = 0;
    n = std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail);
    ok = n == 6 && tail == 'Z';
  }
  if (!ok) {
    h = mi = s = 0;
    char extra = 0;
    n = std::sscanf(t.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &extra);
    ok = n == 3 && t.size() == 10;
  }
  if (!ok || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return Error{"time.bad_format", "", "\"" + t + "\" is not a UTC time like 2026-03-01 or 2026-03-01T08:00:00Z"};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(timegm(&tm));
}

Result<std::int64_t> parse_duration(std::string_view text) {
  if (text.empty()) return Error{"time.bad_duration", "", "empty duration"};
  std::int64_t unit = 1;
  std::string_view digits = text;
  switch (text.back()) {
    case 's': unit = 1; digits.remove_suffix(1); break;
    case 'm': unit = 60; digits.remove_suffix(1); break;
    case 'h': unit = 3600; digits.remove_suffix(1); break;
    case 'd': unit = 86400; digits.remove_suffix(1); break;
    default: break;
  }
  if (digits.empty() || digits.size() > 9) return Error{"time.bad_duration", "", "\"" + std::string(text) + "\" is not a duration like 90s, 30m, 12h or 14d"};
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return Error{"time.bad_duration", "", "\"" + std::string(text) + "\" is not a duration like 90s, 30m, 12h or 14d"};
    value = value * 10 + (c - '0');
  }
  return value * unit;
}

}  // namespace sos::serve
