// Tests of sos/score.h: weights, reverse coding, "don't know", rounding,
// dimensions that do not apply.
#include "sos/score.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace sos {
namespace {

using testing::start_basic;

std::optional<std::int64_t> score_of(const Session& s, const char* dimension) {
  return score_session(s)[s.survey().dimension_index(dimension)].score_e4;
}

TEST(Score, WeightedMeanWithReverseCodedItemsFlipped) {
  Session s = start_basic();
  ASSERT_TRUE(s.set_answer("goals_clear", "4").ok());     // weight 1
  ASSERT_TRUE(s.set_answer("goals_followed", "2").ok());  // weight 2
  ASSERT_TRUE(s.set_answer("goals_unfair", "1").ok());    // reverse: counts as 5
  ASSERT_TRUE(s.set_answer("pay_fair", "3").ok());
  // (4 + 2*2 + 5 + 3) / 5 = 3.2
  EXPECT_EQ(score_of(s, "goals"), 32000);
}

TEST(Score, DontKnowIsExcludedAndRoundingIsHalfUp) {
  Session s = start_basic();
  ASSERT_TRUE(s.set_answer("goals_clear", "\"na\"").ok());
  ASSERT_TRUE(s.set_answer("goals_followed", "4").ok());  // 8 of weight 2
  ASSERT_TRUE(s.set_answer("pay_fair", "5").ok());
  // 13 / 3 = 4.33333 -> 43333
  EXPECT_EQ(score_of(s, "goals"), 43333);
  ASSERT_TRUE(s.set_answer("pay_fair", "3").ok());
  // 11 / 3 = 3.66666 -> 36667
  EXPECT_EQ(score_of(s, "goals"), 36667);
}

TEST(Score, HalfwayValuesRoundUp) {
  Session s = start_basic();
  ASSERT_TRUE(s.set_answer("coached", "\"yes\"").ok());
  ASSERT_TRUE(s.set_answer("coach_regular", "4").ok());
  ASSERT_TRUE(s.set_answer("coach_useful", "3").ok());
  EXPECT_EQ(score_of(s, "coaching"), 35000);
}

TEST(Score, NoScoreWithoutAnswersAndNoneWhereTheDimensionDoesNotApply) {
  Session s = start_basic("seller", testing::kAllGroupOff);
  auto scores = score_session(s);
  const Survey& survey = s.survey();
  EXPECT_FALSE(scores[survey.dimension_index("goals")].score_e4);
  EXPECT_TRUE(scores[survey.dimension_index("goals")].applies);
  EXPECT_FALSE(scores[survey.dimension_index("joint_visits")].applies);
  EXPECT_FALSE(scores[survey.dimension_index("joint_visits")].score_e4);
  ASSERT_TRUE(s.set_answer("goals_clear", "\"na\"").ok());
  EXPECT_FALSE(score_of(s, "goals"));  // only "don't know": nothing to score
}

TEST(Score, HiddenAnswersDoNotCount) {
  Session s = start_basic();
  ASSERT_TRUE(s.set_answer("coached", "\"yes\"").ok());
  ASSERT_TRUE(s.set_answer("coach_regular", "5").ok());
  ASSERT_TRUE(s.set_answer("coached", "\"no\"").ok());
  EXPECT_FALSE(score_of(s, "coaching"));
}

}  // namespace
}  // namespace sos
