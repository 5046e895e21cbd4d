// One respondent's preliminary dimension scores (their own profile).
//
//   for (const sos::DimensionScore& d : sos::score_session(session))
//     if (d.score_e4) printf("%s %.2f\n", id, *d.score_e4 / 1e4);
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sos/session.h"

namespace sos {

// Scores are kept in fixed point, 1/10,000ths of a scale point, so sums and
// merges are exact integers whatever the order (docs/contribution-format.md).
inline constexpr std::int64_t kScoreScale = 10000;

struct DimensionScore {
  int dimension = 0;                   // index into Survey::dimensions
  bool applies = true;                 // false: not applicable for the group
  int items = 0;                       // answered items that count
  std::optional<std::int64_t> score_e4;  // 10,000..50,000; none when nothing counts
};

// The weighted mean of the respondent's visible, answered items of each
// dimension on 1-5, reverse-coded items flipped (6 - v), "don't know"
// excluded, rounded half up to kScoreScale.
std::vector<DimensionScore> score_session(const Session& session);

}  // namespace sos
