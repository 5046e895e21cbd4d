// Exact fractions of the report: differences and comparisons of means in
// 128-bit integers (cells hold at most kMaxReportRespondents, so nothing here
// leaves that range).
#pragma once

#include <cstdint>

#include "sos/report.h"

namespace sos::detail {

__extension__ typedef __int128 Wide;  // GCC and Clang, native and wasm

// The largest n of a score cell the report reads exactly.
inline constexpr std::int64_t kMaxReportRespondents = 10'000'000;

// x / d rounded half up (towards +infinity at exactly one half), d > 0.
inline Wide divide_half_up_wide(Wide x, Wide d) {
  Wide q = x / d, r = x % d;
  if (r < 0) {
    q -= 1;
    r += d;
  }
  return r >= d - r ? q + 1 : q;
}

// mean(b) - mean(a) as the fraction numerator / denominator (1/10,000ths).
struct MeanDifference {
  Wide numerator;
  Wide denominator;
};
inline MeanDifference mean_difference(const ScoreFigure& a, const ScoreFigure& b) {
  return {static_cast<Wide>(b.sum) * a.n - static_cast<Wide>(a.sum) * b.n, static_cast<Wide>(a.n) * b.n};
}

}  // namespace sos::detail
