// This file offers the engine's number parser and formatter (detail/number.h).
#include "sos/detail/number.h"

#include <cmath>

#include "decimal.h"

namespace sos::detail {

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // Only plain decimals (no hex, inf, nan or leading spaces).
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
  double value = decimal_to_double(text);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";
  ShortestDigits d = shortest_digits(value);
  std::string out = value < 0 ? "-" : "";
  const int count = static_cast<int>(d.digits.size());
  // Plain decimals for the numbers surveys use ("10", "1000", "0.25"); the
  // fewest digits that read back as the same double.
  double magnitude = std::fabs(value);
  // (printf's %.17f is the most it tried).
  if (magnitude >= 1e-6 && magnitude < 1e15 && count - d.point <= 17) {
    if (d.point <= 0) return out + "0." + std::string(-d.point, '0') + d.digits;
    if (d.point >= count) return out + d.digits + std::string(d.point - count, '0');
    return out + d.digits.substr(0, d.point) + "." + d.digits.substr(d.point);
  }
  // Otherwise as printf's %g would write those digits.
  const int exponent = d.point - 1;
  if (exponent >= -4 && exponent < count) {
    if (d.point <= 0) return out + "0." + std::string(-d.point, '0') + d.digits;
    return out + d.digits.substr(0, d.point) + (d.point < count ? "." + d.digits.substr(d.point) : "");
  }
  out += d.digits.substr(0, 1);
  if (count > 1) out += "." + d.digits.substr(1);
  out += exponent < 0 ? "e-" : "e+";
  const int e = exponent < 0 ? -exponent : exponent;
  if (e < 10) out += '0';
  return out + std::to_string(e);
}

}  // namespace sos::detail
