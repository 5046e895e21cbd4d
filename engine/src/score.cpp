// This file offers score_session: a respondent's dimension means in fixed point.
#include "sos/score.h"

#include "score_points.h"

namespace sos {
namespace detail {

std::vector<DimensionScore> score_points(const Survey& s, const std::vector<char>& applies,
                                         const std::vector<int>& points) {
  std::vector<DimensionScore> scores(s.dimensions.size());
  std::vector<std::int64_t> weighted(s.dimensions.size(), 0), weights(s.dimensions.size(), 0);
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Question& question = s.questions[q];
    if (!question.score || points[q] == 0) continue;
    std::int64_t point = question.score->reverse ? 6 - points[q] : points[q];
    weighted[question.score->dimension] += question.score->weight * point;
    weights[question.score->dimension] += question.score->weight;
    ++scores[question.score->dimension].items;
  }
  for (std::size_t d = 0; d < scores.size(); ++d) {
    scores[d].dimension = static_cast<int>(d);
    scores[d].applies = applies[d];
    if (!applies[d]) {
      scores[d].items = 0;
      continue;
    }
    // Round half up in integers: floor((2 * x * scale + w) / (2 * w)).
    if (weights[d] > 0) scores[d].score_e4 = (2 * weighted[d] * kScoreScale + weights[d]) / (2 * weights[d]);
  }
  return scores;
}

}  // namespace detail

std::vector<DimensionScore> score_session(const Session& session) {
  const Survey& s = session.survey();
  std::vector<int> points(s.questions.size(), 0);
  for (std::size_t q = 0; q < s.questions.size(); ++q) {
    const Value& v = session.value(static_cast<int>(q));
    // Unanswered, hidden and "don't know" answers give no point.
    if (s.questions[q].type == QuestionType::likert && v.kind() == ValueKind::number)
      points[q] = static_cast<int>(v.as_number());
  }
  std::vector<char> applies(s.dimensions.size());
  for (std::size_t d = 0; d < applies.size(); ++d) applies[d] = session.dimension_applies(static_cast<int>(d));
  return detail::score_points(s, applies, points);
}

}  // namespace sos
