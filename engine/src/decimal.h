// Internal: exact conversions between decimal text and doubles, without
// strtod or printf (whose code, with its long double arithmetic, is a large
// share of the respondent's WebAssembly module).
#pragma once

#include <string>
#include <string_view>

namespace sos::detail {

// The double nearest to a decimal literal [+-]?D*(.D*)?([eE][+-]?D+)? (the
// caller has checked the grammar and that a digit is present), rounding half
// to even as strtod does; +-infinity when it is too large for a double.
double decimal_to_double(std::string_view literal);

// The shortest digits that read back as `value` (finite, not zero, sign
// ignored): value = 0.<digits> * 10^point. Among equally short digits, the
// ones nearest to value.
struct ShortestDigits {
  std::string digits;  // no leading or trailing zeros
  int point = 0;
};
ShortestDigits shortest_digits(double value);

}  // namespace sos::detail
