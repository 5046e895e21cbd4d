// Internal: dimension scores from likert points, shared by a session's own
// profile and by the check of a received contribution.
#pragma once

#include <vector>

#include "sos/score.h"

namespace sos::detail {

// points[q]: the 1-5 answer of likert question q, 0 for none (unanswered,
// hidden, "don't know"); applies[d]: whether dimension d applies.
std::vector<DimensionScore> score_points(const Survey& survey, const std::vector<char>& applies,
                                         const std::vector<int>& points);

}  // namespace sos::detail
