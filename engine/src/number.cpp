// This file offers the engine's number parser and formatter (detail/number.h).
#include "sos/detail/number.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sos::detail {

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // strtod accepts hex, inf and nan and leading spaces; only plain decimals here.
  std::size_t i = 0;
  if (text[i] == '-' || text[i] == '+') ++i;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') { ++i; digits = true; }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') { ++i; digits = true; }
  }
  if (!digits) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    bool exp_digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') { ++i; exp_digits = true; }
    if (!exp_digits) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  std::string copy(text);  // strtod needs a terminated string
  double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";
  char buffer[64];
  // Plain decimals for the numbers surveys use ("10", "1000", "0.25"); the
  // fewest digits that read back as the same double.
  double magnitude = std::fabs(value);
  if (magnitude >= 1e-6 && magnitude < 1e15) {
    for (int decimals = 0; decimals <= 17; ++decimals) {
      std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
      if (std::strtod(buffer, nullptr) == value) return buffer;
    }
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace sos::detail
