// Tests of sos/session.h: answers, visibility, validation, navigation,
// progress, save and restore.
#include "sos/session.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace sos {
namespace {

using testing::basic_survey;
using testing::kAllGroupOff;
using testing::kAllGroupOn;
using testing::start_basic;

int q(const char* id) { return basic_survey()->question_index(id); }

TEST(SessionStart, RefusesUnknownRoleAndBadGroups) {
  struct Row {
    const char* role;
    const char* group;
    const char* code;
    const char* pointer;
  };
  const Row rows[] = {
      {"ceo", kAllGroupOn, "session.unknown_role", "/role"},
      {"seller", R"({"selling": "volume", "field_visits": true})", "session.missing_group_attribute",
       "/group/performance_pay"},
      {"seller", R"({"performance_pay": 1, "selling": "volume", "field_visits": true})",
       "session.bad_group_attribute", "/group/performance_pay"},
      {"seller", R"({"performance_pay": true, "selling": "door", "field_visits": true})",
       "session.bad_group_attribute", "/group/selling"},
      {"seller", R"({"performance_pay": true, "selling": "volume", "field_visits": true, "region": "n"})",
       "session.bad_group_attribute", "/group/region"},
      {"seller", "[1]", "session.bad_group", "/group"},
      {"seller", "{", "session.bad_group", "/group"},
  };
  for (const Row& row : rows) {
    auto session = Session::start(basic_survey(), {row.role, "en", row.group});
    ASSERT_FALSE(session.ok()) << row.group;
    EXPECT_EQ(session.error().code, row.code) << row.group;
    EXPECT_EQ(session.error().pointer, row.pointer) << row.group;
  }
}

TEST(SessionAnswers, RejectsBadValuesWithAReasonAndStoresNothing) {
  struct Row {
    const char* question;
    const char* value;
    const char* code;
  };
  const Row rows[] = {
      {"nope", "1", "answer.unknown_question"},
      {"goals_clear", "6", "answer.out_of_range"},
      {"goals_clear", "2.5", "answer.out_of_range"},
      {"goals_clear", "\"4\"", "answer.type_error"},
      {"goals_followed", "\"na\"", "answer.out_of_range"},  // no "don't know" offered
      {"coached", "\"maybe\"", "answer.unknown_option"},
      {"coached", "true", "answer.type_error"},
      {"kpis", "\"calls\"", "answer.type_error"},
      {"kpis", "[\"calls\", \"calls\"]", "answer.duplicate_option"},
      {"kpis", "[\"calls\", \"meetings\", \"win_rate\"]", "answer.too_many"},
      {"kpis", "[\"golf\"]", "answer.unknown_option"},
      {"meetings_week", "51", "answer.out_of_range"},
      {"meetings_week", "2.25", "answer.too_precise"},
      {"meetings_week", "\"3\"", "answer.type_error"},
      {"free_words", "12", "answer.type_error"},
      {"coach_regular", "4", "answer.hidden"},  // its matrix shows only after "coached" = yes
      {"goals_clear", "{", "answer.type_error"},
  };
  for (const Row& row : rows) {
    Session s = start_basic();
    auto result = s.set_answer(row.question, row.value);
    ASSERT_FALSE(result.ok()) << row.question << " " << row.value;
    EXPECT_EQ(result.error().code, row.code) << row.question << " " << row.value;
    EXPECT_EQ(result.error().pointer, std::string("/answers/") + row.question);
    if (q(row.question) >= 0) EXPECT_EQ(s.answer_json(q(row.question)), "null") << row.question;
  }
  Session s = start_basic();
  auto too_long = s.set_answer("free_words", "\"" + std::string(201, 'a') + "\"");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "answer.too_long");
  // 200 characters of two bytes each are within a 200-character limit.
  std::string swedish;
  for (int i = 0; i < 200; ++i) swedish += "\xc3\xa5";
  EXPECT_TRUE(s.set_answer("free_words", "\"" + swedish + "\"").ok());
}

TEST(SessionAnswers, AcceptsEachTypeAndClears) {
  Session s = start_basic();
  EXPECT_TRUE(s.set_answer("goals_clear", "\"na\"").ok());
  EXPECT_EQ(s.value(q("goals_clear")), Value::string("na"));
  EXPECT_TRUE(s.set_answer("goals_followed", "4").ok());
  EXPECT_EQ(s.value(q("goals_followed")), Value::number(4));
  EXPECT_TRUE(s.set_answer("kpis", R"(["win_rate", "calls"])").ok());
  EXPECT_EQ(s.answer_json(q("kpis")), R"(["win_rate","calls"])");
  EXPECT_TRUE(s.set_answer("meetings_week", "12.5").ok());
  EXPECT_EQ(s.answer_json(q("meetings_week")), "12.5");
  EXPECT_TRUE(s.set_answer("kpis", "[]").ok());
  EXPECT_FALSE(s.answered(q("kpis")));
  EXPECT_TRUE(s.clear_answer("goals_followed").ok());
  EXPECT_EQ(s.value(q("goals_followed")), Value());
}

TEST(SessionVisibility, GroupAttributesDecideBranchesForTheWholeGroup) {
  Session on = start_basic("seller", kAllGroupOn);
  Session off = start_basic("seller", kAllGroupOff);
  EXPECT_TRUE(on.question_visible(q("pay_fair")));
  EXPECT_FALSE(off.question_visible(q("pay_fair")));
  EXPECT_TRUE(on.page_visible(2));
  EXPECT_FALSE(off.page_visible(2));
  EXPECT_TRUE(on.question_visible(q("visits_often")));  // selling = volume
  EXPECT_TRUE(on.dimension_applies(basic_survey()->dimension_index("joint_visits")));
  EXPECT_FALSE(off.dimension_applies(basic_survey()->dimension_index("joint_visits")));
}

TEST(SessionVisibility, RolesRestrictQuestions) {
  EXPECT_TRUE(start_basic("seller").question_visible(q("visits_feedback")));
  EXPECT_FALSE(start_basic("manager").question_visible(q("visits_feedback")));
}

TEST(SessionVisibility, AnAnswerRevealsAndHidesAndHiddenAnswersAreCleared) {
  Session s = start_basic();
  EXPECT_FALSE(s.question_visible(q("coach_regular")));
  auto shown = s.set_answer("coached", "\"yes\"");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->shown, (std::vector<std::string>{"coach_regular", "coach_useful"}));
  ASSERT_TRUE(s.set_answer("coach_regular", "5").ok());
  auto hidden = s.set_answer("coached", "\"no\"");
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(hidden->hidden, (std::vector<std::string>{"coach_regular", "coach_useful"}));
  EXPECT_EQ(hidden->cleared, (std::vector<std::string>{"coach_regular"}));
  // A hidden question's answer does not count, and does not come back.
  ASSERT_TRUE(s.set_answer("coached", "\"yes\"").ok());
  EXPECT_FALSE(s.answered(q("coach_regular")));
}

TEST(SessionValidation, RequiredRequiredIfAndValidatorsWithLocalizedMessages) {
  Session s = start_basic("seller", kAllGroupOn, "sv");
  auto page0 = s.validate_page(0);
  ASSERT_EQ(page0.size(), 3u);  // goals_clear, goals_followed, pay_fair
  EXPECT_EQ(page0[0], (Message{"goals_clear", "required", "Besvara frågan, tack."}));
  EXPECT_EQ(page0[2].question, "pay_fair");
  ASSERT_TRUE(s.set_answer("coached", "\"no\"").ok());
  EXPECT_TRUE(s.validate_page(1).empty());
  ASSERT_TRUE(s.set_answer("kpis", R"(["meetings"])").ok());  // makes meetings_week required
  EXPECT_TRUE(s.question_required(q("meetings_week")));
  EXPECT_EQ(s.validate_page(1), (std::vector<Message>{{"meetings_week", "required", "Besvara frågan, tack."}}));
  ASSERT_TRUE(s.set_answer("meetings_week", "45").ok());
  EXPECT_EQ(s.validate_page(1), (std::vector<Message>{{"meetings_week", "validator", "Verkligen fler än 40?"}}));
  s.set_language("nb");
  EXPECT_EQ(s.validate_page(1)[0].text, "Virkelig flere enn 40?");
  ASSERT_TRUE(s.set_answer("meetings_week", "12").ok());
  EXPECT_TRUE(s.validate_page(1).empty());
}

TEST(SessionValidation, MinimumSelectionsAreCheckedOnLeavingThePage) {
  auto survey = testing::load_or_fail(R"({"format": "sos-survey/1", "id": "m", "version": "1", "languages": ["en"],
    "fallbackLanguage": "en", "roles": [{"id": "r", "title": {"en": "R"}}], "dimensions": [],
    "pages": [{"id": "p", "title": {"en": "P"}, "elements": [{"type": "multichoice", "id": "mc", "minSelected": 2,
      "text": {"en": "Pick"}, "options": [{"value": "a", "text": {"en": "A"}}, {"value": "b", "text": {"en": "B"}},
      {"value": "c", "text": {"en": "C"}}]}]}]})");
  auto s = Session::start(survey, {"r", "en", "{}"});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->validate_page(0).empty());  // optional and unanswered
  ASSERT_TRUE(s->set_answer("mc", R"(["a"])").ok());
  EXPECT_EQ(s->validate_page(0), (std::vector<Message>{{"mc", "min_selected", "Choose at least 2."}}));
}

TEST(SessionNavigation, NextValidatesAndSkipsHiddenPages) {
  Session s = start_basic("seller", kAllGroupOff);
  EXPECT_EQ(s.current_page(), 0);
  EXPECT_FALSE(s.previous());
  PageMove blocked = s.next();
  EXPECT_FALSE(blocked.moved);
  EXPECT_EQ(blocked.messages.size(), 2u);
  ASSERT_TRUE(s.set_answer("goals_clear", "3").ok());
  ASSERT_TRUE(s.set_answer("goals_followed", "3").ok());
  EXPECT_TRUE(s.next().moved);
  EXPECT_EQ(s.current_page(), 1);
  ASSERT_TRUE(s.set_answer("coached", "\"no\"").ok());
  EXPECT_FALSE(s.on_last_page());
  EXPECT_TRUE(s.next().moved);
  EXPECT_EQ(s.current_page(), 3);  // the visits page is hidden for this group
  EXPECT_TRUE(s.on_last_page());
  PageMove at_end = s.next();
  EXPECT_FALSE(at_end.moved);
  EXPECT_TRUE(at_end.messages.empty());
  EXPECT_TRUE(s.complete());
  EXPECT_TRUE(s.previous());
  EXPECT_EQ(s.current_page(), 1);
}

TEST(SessionProgress, CountsVisibleRequiredQuestions) {
  Session s = start_basic("seller", kAllGroupOff);
  Progress p = s.progress();
  EXPECT_EQ(p.required, 3);  // goals_clear, goals_followed, coached
  EXPECT_EQ(p.answered, 0);
  ASSERT_TRUE(s.set_answer("coached", "\"yes\"").ok());
  p = s.progress();
  EXPECT_EQ(p.required, 5);  // the matrix rows became visible and are required
  EXPECT_EQ(p.answered, 1);
  EXPECT_DOUBLE_EQ(p.ratio(), 0.2);
}

TEST(SessionSave, RoundTripsAnswersPageAndLanguage) {
  Session s = start_basic("manager", kAllGroupOn, "sv");
  ASSERT_TRUE(s.set_answer("goals_clear", "\"na\"").ok());
  ASSERT_TRUE(s.set_answer("goals_followed", "5").ok());
  ASSERT_TRUE(s.set_answer("pay_fair", "2").ok());
  ASSERT_TRUE(s.next().moved);
  ASSERT_TRUE(s.set_answer("coached", "\"yes\"").ok());
  ASSERT_TRUE(s.set_answer("coach_useful", "4").ok());
  ASSERT_TRUE(s.set_answer("kpis", R"(["calls"])").ok());
  std::string saved = s.save();
  auto restored = Session::restore(basic_survey(), saved);
  ASSERT_TRUE(restored.ok()) << restored.error().to_string();
  EXPECT_EQ(restored->save(), saved);
  EXPECT_EQ(restored->current_page(), 1);
  EXPECT_EQ(restored->language(), "sv");
  EXPECT_EQ(basic_survey()->roles[restored->role()].id, "manager");
  for (std::size_t i = 0; i < basic_survey()->questions.size(); ++i) {
    EXPECT_EQ(restored->answer_json(static_cast<int>(i)), s.answer_json(static_cast<int>(i)));
    EXPECT_EQ(restored->question_visible(static_cast<int>(i)), s.question_visible(static_cast<int>(i)));
  }
}

TEST(SessionSave, RestoreAgainstAnotherVersionOrBadStateIsAClearError) {
  Session s = start_basic();
  nlohmann::json saved = nlohmann::json::parse(s.save());
  struct Row {
    std::function<void(nlohmann::json&)> change;
    const char* code;
    const char* pointer;
  };
  const Row rows[] = {
      {[](nlohmann::json& j) { j["surveyVersion"] = "2"; }, "session.survey_mismatch", "/surveyVersion"},
      {[](nlohmann::json& j) { j["survey"] = "other"; }, "session.survey_mismatch", "/surveyVersion"},
      {[](nlohmann::json& j) { j["format"] = "sos-session/0"; }, "session.bad_state", "/format"},
      {[](nlohmann::json& j) { j["answers"]["ghost"] = 3; }, "session.bad_state", "/answers/ghost"},
      {[](nlohmann::json& j) { j["answers"]["goals_clear"] = 9; }, "session.bad_state", "/answers/goals_clear"},
      {[](nlohmann::json& j) { j["page"] = "p_gone"; }, "session.bad_state", "/page"},
      {[](nlohmann::json& j) { j.erase("role"); }, "session.bad_state", "/role"},
      {[](nlohmann::json& j) { j["role"] = "ceo"; }, "session.unknown_role", "/role"},
  };
  for (const Row& row : rows) {
    nlohmann::json changed = saved;
    row.change(changed);
    auto restored = Session::restore(basic_survey(), changed.dump());
    ASSERT_FALSE(restored.ok()) << changed.dump();
    EXPECT_EQ(restored.error().code, row.code) << changed.dump();
    EXPECT_EQ(restored.error().pointer, row.pointer) << changed.dump();
  }
  auto garbage = Session::restore(basic_survey(), "not json");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().code, "session.bad_state");
}

TEST(SessionSave, RestoreDropsAnswersOfQuestionsHiddenByTheSavedAnswers) {
  Session s = start_basic();
  nlohmann::json saved = nlohmann::json::parse(s.save());
  saved["answers"] = {{"coached", "no"}, {"coach_regular", 4}};
  auto restored = Session::restore(basic_survey(), saved.dump());
  ASSERT_TRUE(restored.ok());
  EXPECT_FALSE(restored->answered(q("coach_regular")));
}

TEST(SessionLanguage, UnknownLanguageFallsBackAndAnswersStay) {
  Session s = start_basic("seller", kAllGroupOn, "de");
  EXPECT_EQ(s.language(), "en");
  ASSERT_TRUE(s.set_answer("goals_clear", "4").ok());
  s.set_language("nb");
  EXPECT_EQ(s.language(), "nb");
  EXPECT_EQ(s.answer_json(q("goals_clear")), "4");
}

// The incremental update after each answer must agree with evaluating the
// whole survey from scratch (which restore does).
TEST(SessionIncremental, AgreesWithFullEvaluationOnRandomAnswerSequences) {
  const char* values[] = {"1", "3", "5", "\"na\"", "\"yes\"", "\"no\"", R"(["meetings"])", R"(["calls"])", "null", "7"};
  unsigned seed = 12345;
  auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  const auto& questions = basic_survey()->questions;
  for (int run = 0; run < 200; ++run) {
    Session s = start_basic(next() % 2 ? "seller" : "manager", next() % 2 ? kAllGroupOn : kAllGroupOff);
    for (int step = 0; step < 20; ++step) {
      const Question& question = questions[next() % questions.size()];
      (void)s.set_answer(question.id, values[next() % std::size(values)]);
      auto fresh = Session::restore(basic_survey(), s.save());
      ASSERT_TRUE(fresh.ok()) << fresh.error().to_string();
      for (std::size_t i = 0; i < questions.size(); ++i) {
        int index = static_cast<int>(i);
        ASSERT_EQ(s.question_visible(index), fresh->question_visible(index)) << questions[i].id;
        ASSERT_EQ(s.question_required(index), fresh->question_required(index)) << questions[i].id;
        ASSERT_EQ(s.value(index), fresh->value(index)) << questions[i].id;
      }
    }
  }
}

}  // namespace
}  // namespace sos
