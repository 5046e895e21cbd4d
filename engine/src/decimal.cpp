// This file offers exact decimal <-> double conversions (decimal.h): a short
// fast path for the usual few-digit numbers, big integers for the rest.
#include "decimal.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sos::detail {
namespace {

// An unsigned integer of any size, little-endian 32-bit limbs; only what the
// conversions need.
class Big {
 public:
  explicit Big(std::uint64_t value = 0) {
    while (value) {
      limbs_.push_back(static_cast<std::uint32_t>(value));
      value >>= 32;
    }
  }
  bool zero() const { return limbs_.empty(); }
  int bits() const {
    if (limbs_.empty()) return 0;
    int top = 32;
    while (!(limbs_.back() >> (top - 1))) --top;
    return static_cast<int>(limbs_.size() - 1) * 32 + top;
  }
  void mul_add(std::uint32_t factor, std::uint32_t add = 0) {
    std::uint64_t carry = add;
    for (std::uint32_t& limb : limbs_) {
      std::uint64_t v = static_cast<std::uint64_t>(limb) * factor + carry;
      limb = static_cast<std::uint32_t>(v);
      carry = v >> 32;
    }
    if (carry) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }
  void mul_pow(std::uint32_t base, int exponent) {  // base^exponent, base <= 10
    for (; exponent >= 9; exponent -= 9) mul_add(base == 10 ? 1000000000u : 1953125u);  // 10^9 or 5^9
    while (exponent-- > 0) mul_add(base);
  }
  void shift_left(int n) {
    if (zero() || n == 0) return;
    limbs_.insert(limbs_.begin(), static_cast<std::size_t>(n / 32), 0u);
    if (int r = n % 32) {
      std::uint32_t carry = 0;
      for (std::uint32_t& limb : limbs_) {
        std::uint32_t next = limb >> (32 - r);
        limb = (limb << r) | carry;
        carry = next;
      }
      if (carry) limbs_.push_back(carry);
    }
  }
  void shift_right_one() {
    for (std::size_t i = 0; i < limbs_.size(); ++i)
      limbs_[i] = (limbs_[i] >> 1) | (i + 1 < limbs_.size() ? limbs_[i + 1] << 31 : 0u);
    trim();
  }
  friend bool operator>=(const Big& a, const Big& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() > b.limbs_.size();
    for (std::size_t i = a.limbs_.size(); i-- > 0;)
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] > b.limbs_[i];
    return true;
  }
  void subtract(const Big& b) {  // *this >= b
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::int64_t v = static_cast<std::int64_t>(limbs_[i]) - borrow - (i < b.limbs_.size() ? b.limbs_[i] : 0);
      borrow = v < 0;
      limbs_[i] = static_cast<std::uint32_t>(v + (borrow << 32));
    }
    trim();
  }
  // Divides by `divisor` in place and returns the remainder.
  std::uint32_t divide(std::uint32_t divisor) {
    std::uint64_t rest = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      std::uint64_t v = (rest << 32) | limbs_[i];
      limbs_[i] = static_cast<std::uint32_t>(v / divisor);
      rest = v % divisor;
    }
    trim();
    return static_cast<std::uint32_t>(rest);
  }
  std::string decimal() const {
    Big rest = *this;
    std::string out;
    while (!rest.zero()) {
      std::uint32_t chunk = rest.divide(1000000000u);
      for (int k = 0; k < 9; ++k, chunk /= 10) out.insert(out.begin(), static_cast<char>('0' + chunk % 10));
    }
    std::size_t first = out.find_first_not_of('0');
    return first == std::string::npos ? "0" : out.substr(first);
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  std::vector<std::uint32_t> limbs_;
};

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Digits beyond this many cannot change the rounding except through the
// fact that one of them is not zero, which one extra digit 1 keeps.
constexpr std::size_t kMaxDigits = 800;

// The double nearest to <digits> * 10^exponent; digits has no leading zero.
double from_digits(std::string_view digits, long exponent) {
  if (digits.empty()) return 0;
  const long n = static_cast<long>(digits.size());
  if (n + exponent > 310) return HUGE_VAL;
  if (n + exponent < -330) return 0;
  if (n <= 15 && exponent >= -22 && exponent <= 22) {
    // Both operands exact, so the one rounding of * or / is the right one.
    double value = 0;
    for (char d : digits) value = value * 10 + (d - '0');
    return exponent >= 0 ? value * kPow10[exponent] : value / kPow10[-exponent];
  }
  Big num, den(1);
  for (char d : digits) num.mul_add(10, static_cast<std::uint32_t>(d - '0'));
  if (exponent >= 0) num.mul_pow(10, static_cast<int>(exponent));
  else den.mul_pow(10, static_cast<int>(-exponent));
  // Scale so that the quotient has 55 or 56 bits: two more than a double
  // holds, the rest of the remainder kept as "sticky".
  const int shift = 55 - (num.bits() - den.bits());
  if (shift > 0) num.shift_left(shift);
  else den.shift_left(-shift);
  std::uint64_t quotient = 0;
  den.shift_left(56);
  for (int bit = 56; bit >= 0; --bit) {
    if (num >= den) {
      num.subtract(den);
      quotient |= std::uint64_t{1} << bit;
    }
    den.shift_right_one();
  }
  const bool sticky = !num.zero();
  int length = 64;
  while (!(quotient >> (length - 1))) --length;
  // value = quotient * 2^-shift; keep 53 bits, fewer below the normal range.
  int drop = length - 53;
  int exponent2 = drop - shift;
  if (exponent2 < -1074) {
    drop += -1074 - exponent2;
    exponent2 = -1074;
  }
  std::uint64_t mantissa = drop >= 64 ? 0 : quotient >> drop;
  if (drop > 0 && drop <= 64) {
    const std::uint64_t half = std::uint64_t{1} << (drop - 1);
    const std::uint64_t rest = quotient & ((half << 1) - 1);
    if (rest > half || (rest == half && (sticky || (mantissa & 1)))) ++mantissa;
  }
  if (mantissa >> 53) {
    mantissa >>= 1;
    ++exponent2;
  }
  if (exponent2 > 1023 - 52) return HUGE_VAL;
  return std::ldexp(static_cast<double>(mantissa), exponent2);
}

// `digits` rounded to `count` digits, half to even (ties are exact here).
ShortestDigits round_digits(const std::string& digits, int point, std::size_t count) {
  ShortestDigits out{digits.substr(0, count), point};
  if (digits.size() > count) {
    const char next = digits[count];
    const bool rest_zero = digits.find_first_not_of('0', count + 1) == std::string::npos;
    const bool up = next > '5' || (next == '5' && (!rest_zero || ((out.digits.back() - '0') & 1)));
    if (up) {
      std::size_t i = out.digits.size();
      while (i > 0 && out.digits[i - 1] == '9') out.digits[--i] = '0';
      if (i == 0) {
        out.digits.insert(out.digits.begin(), '1');
        ++out.point;
      } else {
        ++out.digits[i - 1];
      }
    }
  }
  out.digits.erase(out.digits.find_last_not_of('0') + 1);
  return out;
}

}  // namespace

double decimal_to_double(std::string_view literal) {
  std::size_t i = 0;
  bool negative = false;
  if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) negative = literal[i++] == '-';
  std::string digits;
  long exponent = 0;
  bool dropped_nonzero = false;
  bool fraction = false;
  for (; i < literal.size(); ++i) {
    const char c = literal[i];
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (fraction) --exponent;
    if (digits.empty() && c == '0') continue;  // leading zeros
    if (digits.size() < kMaxDigits) {
      digits += c;
    } else {
      ++exponent;
      dropped_nonzero = dropped_nonzero || c != '0';
    }
  }
  if (i < literal.size()) {  // the exponent
    ++i;
    bool minus = false;
    if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) minus = literal[i++] == '-';
    long e = 0;
    for (; i < literal.size(); ++i) e = e < 100000000 ? e * 10 + (literal[i] - '0') : e;
    exponent += minus ? -e : e;
  }
  if (dropped_nonzero) {
    digits += '1';
    --exponent;
  }
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  const double value = from_digits(digits, exponent);
  return negative ? -value : value;
}

ShortestDigits shortest_digits(double value) {
  value = std::fabs(value);
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const int biased = static_cast<int>(bits >> 52);
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  const std::uint64_t mantissa = biased == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
  const int exponent2 = biased == 0 ? -1074 : biased - 1075;
  // The exact value as an integer times a power of ten: m * 2^e, or
  // m * 5^-e * 10^e when e is negative.
  Big exact(mantissa);
  int exponent10 = 0;
  if (exponent2 >= 0) {
    exact.shift_left(exponent2);
  } else {
    exact.mul_pow(5, -exponent2);
    exponent10 = exponent2;
  }
  const std::string digits = exact.decimal();
  const int point = static_cast<int>(digits.size()) + exponent10;
  for (std::size_t count = 1;; ++count) {
    ShortestDigits candidate = round_digits(digits, point, count);
    const long e = candidate.point - static_cast<long>(candidate.digits.size());
    if (count >= 17 || from_digits(candidate.digits, e) == value) return candidate;
  }
}

}  // namespace sos::detail
