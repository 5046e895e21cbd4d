// Tests of the bundled content (surveys/, docs/content.md): every bundled file
// loads, the standard survey keeps the promises of its content guide, and a
// respondent's answering time stays within 15-25 minutes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "answer_time.h"
#include "sos/compose.h"
#include "sos/session.h"
#include "sos/survey.h"
#include "test_support.h"

namespace sos {
namespace {

using nlohmann::json;
using testing::read_source_file;

const std::vector<std::string> kLanguages = {"sv", "en", "nb"};
const std::vector<std::string> kRoles = {"seller", "manager", "other"};

struct DocumentedDimension {
  const char* id;
  const char* prefix;
};
// docs/content.md, "The nine dimensions", in page order.
const std::vector<DocumentedDimension> kDimensions = {
    {"customer_responsibility", "cr_"}, {"goals_follow_up", "gf_"}, {"visibility", "vi_"},
    {"forecasting", "fc_"},             {"business_opportunities", "bo_"}, {"coaching", "co_"},
    {"planning", "pl_"},                {"joint_visits", "jv_"},    {"improvement_programmes", "ip_"}};

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += d.to_string() + "\n";
  return out;
}

std::shared_ptr<const Survey> standard() {
  static auto survey = testing::load_or_fail(read_source_file("surveys/standard/survey.json"));
  return survey;
}

// One combination of the group attributes (2 x 2 x 2).
struct Group {
  bool performance_pay;
  std::string selling;
  bool field_visits;
  std::string to_json() const {
    return json{{"performance_pay", performance_pay}, {"selling", selling}, {"field_visits", field_visits}}.dump();
  }
};

std::vector<Group> all_groups() {
  std::vector<Group> groups;
  for (bool pay : {false, true})
    for (const char* selling : {"complex", "volume"})
      for (bool field : {false, true}) groups.push_back({pay, selling, field});
  return groups;
}

Session start(const std::shared_ptr<const Survey>& survey, const std::string& role, const Group& group,
              const std::string& language = "en") {
  auto session = Session::start(survey, {role, language, group.to_json()});
  EXPECT_TRUE(session.ok()) << session.error().to_string();
  return std::move(session).value();
}

std::string where(const std::string& role, const Group& group, const std::string& language = "") {
  return role + " " + group.to_json() + " " + language;
}

// --- Every bundled file ---------------------------------------------------

TEST(BundledContent, EveryFileUnderSurveysLoadsWithoutErrors) {
  namespace fs = std::filesystem;
  std::string standard_text = read_source_file("surveys/standard/survey.json");
  std::string battery_text = read_source_file("surveys/standard/battery.json");
  std::map<std::string, int> seen;
  for (const auto& entry : fs::recursive_directory_iterator(std::string(SOS_SOURCE_DIR) + "/surveys")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string relative = fs::relative(entry.path(), SOS_SOURCE_DIR).string();
    if (relative.starts_with("surveys/schema/")) continue;  // JSON Schemas, tested by tests/schema/
    std::string text = read_source_file(relative);
    json doc = json::parse(text);
    std::string format = doc.value("format", "");
    ++seen[format];
    if (format == "sos-survey/1") {
      LoadResult result = load_survey(text);
      EXPECT_TRUE(result.ok()) << relative << "\n" << diagnostics_text(result.diagnostics);
    } else if (format == "sos-battery/1") {
      auto diagnostics = check_battery(standard_text, text);
      for (const ComposeDiagnostic& d : diagnostics) ADD_FAILURE() << relative << ": " << d.diagnostic.to_string();
    } else if (format == "sos-customer/1") {
      ComposeResult result = compose_survey(standard_text, battery_text, text);
      EXPECT_TRUE(result.ok()) << relative;
      for (const ComposeDiagnostic& d : result.diagnostics)
        ADD_FAILURE() << relative << ": " << to_string(d.file) << ": " << d.diagnostic.to_string();
      if (result.ok()) {
        LoadResult composed = load_survey(result.survey_json);
        EXPECT_TRUE(composed.ok()) << relative << "\n" << diagnostics_text(composed.diagnostics);
      }
    } else {
      ADD_FAILURE() << relative << " has no known format: " << format;
    }
  }
  EXPECT_EQ(seen["sos-survey/1"], 1);
  EXPECT_EQ(seen["sos-battery/1"], 1);
  EXPECT_GE(seen["sos-customer/1"], 1);
}

TEST(BundledContent, FixtureSurveysLoad) {
  LoadResult result = load_survey(read_source_file("tests/fixtures/surveys/basic.json"));
  EXPECT_TRUE(result.ok()) << diagnostics_text(result.diagnostics);
}

// --- The standard survey's model ------------------------------------------

TEST(StandardSurvey, LoadsWithoutErrorsOrWarnings) {
  LoadResult result = load_survey(read_source_file("surveys/standard/survey.json"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty()) << diagnostics_text(result.diagnostics);
}

TEST(StandardSurvey, DeclaresLanguagesRolesAndGroupAttributes) {
  auto s = standard();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "sos_standard");
  EXPECT_EQ(s->languages, kLanguages);
  EXPECT_EQ(s->fallback_language, "en");
  std::vector<std::string> roles;
  for (const Role& r : s->roles) roles.push_back(r.id);
  EXPECT_EQ(roles, kRoles);
  ASSERT_EQ(s->group_attributes.size(), 3u);
  EXPECT_EQ(s->group_attributes[0].id, "performance_pay");
  EXPECT_EQ(s->group_attributes[0].type, AttributeType::boolean);
  EXPECT_EQ(s->group_attributes[1].id, "selling");
  EXPECT_EQ(s->group_attributes[1].type, AttributeType::choice);
  EXPECT_EQ(s->group_attributes[1].values, (std::vector<std::string>{"complex", "volume"}));
  EXPECT_EQ(s->group_attributes[2].id, "field_visits");
  EXPECT_EQ(s->group_attributes[2].type, AttributeType::boolean);
}

// Every text of a loaded survey with the place it belongs to.
std::vector<std::pair<std::string, const Text*>> all_texts(const Survey& s) {
  std::vector<std::pair<std::string, const Text*>> texts;
  for (const Role& r : s.roles) texts.emplace_back("role " + r.id, &r.title);
  for (const Dimension& d : s.dimensions) {
    texts.emplace_back(d.id + " title", &d.title);
    texts.emplace_back(d.id + " description", &d.description);
    texts.emplace_back(d.id + " strength", &d.strength);
    for (const auto& [band, tips] : d.tips)
      for (const Text& tip : tips) texts.emplace_back(d.id + " tip " + band, &tip);
  }
  for (const Block& b : s.blocks) {
    texts.emplace_back(b.id + " title", &b.title);
    if (!b.description.empty()) texts.emplace_back(b.id + " description", &b.description);
    if (!b.min_label.empty()) texts.emplace_back(b.id + " minLabel", &b.min_label);
    if (!b.max_label.empty()) texts.emplace_back(b.id + " maxLabel", &b.max_label);
  }
  for (const Question& q : s.questions) {
    texts.emplace_back(q.id + " text", &q.text);
    for (const auto& [role, text] : q.role_text) texts.emplace_back(q.id + " roleText " + s.roles[role].id, &text);
    if (!q.help.empty()) texts.emplace_back(q.id + " help", &q.help);
    if (!q.min_label.empty()) texts.emplace_back(q.id + " minLabel", &q.min_label);
    if (!q.max_label.empty()) texts.emplace_back(q.id + " maxLabel", &q.max_label);
    for (const Option& o : q.options) texts.emplace_back(q.id + " option " + o.value, &o.text);
    for (const Validator& v : q.validators) texts.emplace_back(q.id + " validator", &v.message);
  }
  for (const auto& [code, text] : s.messages) texts.emplace_back("message " + code, &text);
  return texts;
}

TEST(StandardSurvey, EveryTextExistsInSwedishEnglishAndNorwegian) {
  auto s = standard();
  ASSERT_TRUE(s);
  auto texts = all_texts(*s);
  EXPECT_GT(texts.size(), 400u);  // not an empty walk
  for (const auto& [place, text] : texts) {
    EXPECT_EQ(text->by_language.size(), 3u) << place;
    for (const std::string& language : kLanguages) {
      auto it = text->by_language.find(language);
      ASSERT_NE(it, text->by_language.end()) << place << " lacks " << language;
      EXPECT_FALSE(it->second.empty()) << place << " is empty in " << language;
    }
  }
}

TEST(StandardSurvey, HasTheNineDocumentedDimensionsInPageOrder) {
  auto s = standard();
  ASSERT_TRUE(s);
  ASSERT_EQ(s->dimensions.size(), kDimensions.size());
  ASSERT_EQ(s->pages.size(), kDimensions.size());
  for (std::size_t d = 0; d < kDimensions.size(); ++d) {
    EXPECT_EQ(s->dimensions[d].id, kDimensions[d].id);
    EXPECT_EQ(s->blocks[s->pages[d]].id, std::string("p_") + kDimensions[d].id);
  }
}

// The standard survey asks statements only: no background question beyond
// the role (which is the session's role, not a question).
TEST(StandardSurvey, EveryItemIsARequiredScoredStatementOfItsPagesDimension) {
  auto s = standard();
  ASSERT_TRUE(s);
  for (const Question& q : s->questions) {
    EXPECT_EQ(q.type, QuestionType::likert) << q.id << " is not a 1-5 statement";
    ASSERT_TRUE(q.score.has_value()) << q.id << " scores no dimension";
    ASSERT_GE(q.score->dimension, 0) << q.id;
    const DocumentedDimension& dim = kDimensions[q.score->dimension];
    EXPECT_EQ(s->dimensions[q.score->dimension].id, dim.id);
    EXPECT_TRUE(q.id.starts_with(dim.prefix)) << q.id << " does not start with " << dim.prefix;
    EXPECT_EQ(s->blocks[s->pages[q.page]].id, std::string("p_") + dim.id) << q.id;
    EXPECT_EQ(q.score->weight, 1) << q.id;
    EXPECT_TRUE(q.required) << q.id << ": a score must not rest on skipped items";
    EXPECT_TRUE(q.roles.empty()) << q.id << ": no item is restricted to some roles";
    EXPECT_FALSE(q.min_label.empty()) << q.id;
    EXPECT_FALSE(q.max_label.empty()) << q.id;
  }
  for (const Block& b : s->blocks) EXPECT_TRUE(b.roles.empty()) << b.id << ": no block is restricted to some roles";
}

TEST(StandardSurvey, ReverseCodedItemsAreTheDocumentedOnesAndNeverFirstOnAPage) {
  auto s = standard();
  ASSERT_TRUE(s);
  std::set<std::string> reverse;
  for (const Question& q : s->questions)
    if (q.score && q.score->reverse) reverse.insert(q.id);
  EXPECT_EQ(reverse, (std::set<std::string>{"cr_double_contact", "gf_results_only", "vi_unease", "fc_optimistic",
                                            "fc_held_back", "bo_c_stalled", "bo_v_costly_deals", "co_only_problems",
                                            "pl_internal_crowding", "jv_takes_over", "ip_left_too_long"}));
  for (int page : s->pages) {
    // The first question of a page, whatever block it sits in.
    for (const Question& q : s->questions) {
      if (s->pages[q.page] != page) continue;
      EXPECT_FALSE(q.score->reverse) << q.id << " is reverse coded and first on its page";
      break;
    }
  }
}

// Branching reads group attributes only, so every member of a group sees the
// same scored items; the item counts below need no answers.
TEST(StandardSurvey, ConditionsReadGroupAttributesNeverAnswers) {
  auto s = standard();
  ASSERT_TRUE(s);
  for (const Question& q : s->questions) {
    for (const auto* condition : {&q.visible_if, &q.required_if}) {
      if (*condition) { EXPECT_TRUE((*condition)->answer_refs().empty()) << q.id << ": " << (*condition)->source(); }
    }
    EXPECT_TRUE(q.validators.empty()) << q.id;
  }
  for (const Block& b : s->blocks) {
    if (b.visible_if) { EXPECT_TRUE(b.visible_if->answer_refs().empty()) << b.id << ": " << b.visible_if->source(); }
  }
  for (const Dimension& d : s->dimensions) {
    if (d.not_applicable_if) { EXPECT_TRUE(d.not_applicable_if->answer_refs().empty()) << d.id; }
  }
}

TEST(StandardSurvey, EveryApplicableDimensionHasSixToTenVisibleItemsForEveryRoleAndGroup) {
  auto s = standard();
  ASSERT_TRUE(s);
  for (const std::string& role : kRoles) {
    for (const Group& group : all_groups()) {
      Session session = start(s, role, group);
      std::vector<int> visible(s->dimensions.size(), 0);
      int total = 0;
      for (std::size_t q = 0; q < s->questions.size(); ++q) {
        if (!session.question_visible(static_cast<int>(q)) || !s->questions[q].score) continue;
        ++visible[s->questions[q].score->dimension];
        ++total;
      }
      for (std::size_t d = 0; d < s->dimensions.size(); ++d) {
        const std::string& id = s->dimensions[d].id;
        if (session.dimension_applies(static_cast<int>(d))) {
          EXPECT_GE(visible[d], 6) << id << " for " << where(role, group);
          EXPECT_LE(visible[d], 10) << id << " for " << where(role, group);
        } else {
          EXPECT_EQ(visible[d], 0) << id << " is not applicable but shows items for " << where(role, group);
        }
      }
      // docs/content.md: 74 items without pay and field visits, 86 with both.
      int expected = 74 + (group.performance_pay ? 3 : 0) + (group.field_visits ? 9 : 0);
      EXPECT_EQ(total, expected) << where(role, group);
    }
  }
}

TEST(StandardSurvey, BranchesFollowTheGroupAttributes) {
  auto s = standard();
  ASSERT_TRUE(s);
  int jv = s->dimension_index("joint_visits");
  int jv_page = -1;
  for (std::size_t p = 0; p < s->pages.size(); ++p)
    if (s->blocks[s->pages[p]].id == "p_joint_visits") jv_page = static_cast<int>(p);
  ASSERT_GE(jv, 0);
  ASSERT_GE(jv_page, 0);
  for (const Group& group : all_groups()) {
    Session session = start(s, "seller", group);
    EXPECT_EQ(session.dimension_applies(jv), group.field_visits) << where("seller", group);
    EXPECT_EQ(session.page_visible(jv_page), group.field_visits) << where("seller", group);
    for (std::size_t d = 0; d < s->dimensions.size(); ++d) {
      if (static_cast<int>(d) != jv) { EXPECT_TRUE(session.dimension_applies(static_cast<int>(d))) << s->dimensions[d].id; }
    }
    for (std::size_t q = 0; q < s->questions.size(); ++q) {
      const std::string& id = s->questions[q].id;
      bool visible = session.question_visible(static_cast<int>(q));
      bool expected = true;
      if (id.starts_with("gf_pay_")) expected = group.performance_pay;
      if (id.starts_with("bo_c_")) expected = group.selling == "complex";
      if (id.starts_with("bo_v_")) expected = group.selling == "volume";
      if (id.starts_with("jv_")) expected = group.field_visits;
      EXPECT_EQ(visible, expected) << id << " for " << where("seller", group);
    }
  }
}

// A score (shown with one decimal) is in the first band whose max it does
// not exceed; green starts above 3.7, so "high" must start there too.
TEST(StandardSurvey, ScoreBandsAgreeWithTheColourRule) {
  auto s = standard();
  ASSERT_TRUE(s);
  ASSERT_EQ(s->score_bands.size(), 3u);
  EXPECT_EQ(s->score_bands[0].id, "low");
  EXPECT_EQ(s->score_bands[0].max, 3.0);
  EXPECT_EQ(s->score_bands[1].id, "middle");
  EXPECT_EQ(s->score_bands[1].max, 3.7);
  EXPECT_EQ(s->score_bands[2].id, "high");
  EXPECT_FALSE(s->score_bands[2].max.has_value());
  for (int tenths = 10; tenths <= 50; ++tenths) {
    std::string band;
    for (const ScoreBand& b : s->score_bands) {
      if (!b.max || tenths <= static_cast<int>(*b.max * 10 + 0.5)) {
        band = b.id;
        break;
      }
    }
    bool green = tenths > 37;
    EXPECT_EQ(band == "high", green) << tenths / 10.0;
    EXPECT_EQ(band == "low", tenths <= 30) << tenths / 10.0;
  }
}

TEST(StandardSurvey, EveryDimensionHasTipsForEveryBandAndAStrengthInAllLanguages) {
  auto s = standard();
  ASSERT_TRUE(s);
  for (const Dimension& d : s->dimensions) {
    ASSERT_EQ(d.tips.size(), s->score_bands.size()) << d.id;
    // docs/content.md: three tips for low, two or three for middle, one for high.
    EXPECT_EQ(d.tips.at("low").size(), 3u) << d.id;
    EXPECT_GE(d.tips.at("middle").size(), 2u) << d.id;
    EXPECT_LE(d.tips.at("middle").size(), 3u) << d.id;
    EXPECT_EQ(d.tips.at("high").size(), 1u) << d.id;
    for (const auto& [band, tips] : d.tips)
      for (const Text& tip : tips)
        for (const std::string& language : kLanguages) EXPECT_FALSE(tip.in(language, "xx").empty()) << d.id << " " << band;
    for (const std::string& language : kLanguages) {
      EXPECT_FALSE(d.strength.in(language, "xx").empty()) << d.id << " strength in " << language;
      EXPECT_FALSE(d.description.in(language, "xx").empty()) << d.id << " description in " << language;
    }
  }
}

TEST(StandardSurvey, AnsweringTimeIsFifteenToTwentyFiveMinutesForEveryRoleBranchAndLanguage) {
  auto s = standard();
  ASSERT_TRUE(s);
  for (const std::string& role : kRoles) {
    for (const Group& group : all_groups()) {
      for (const std::string& language : kLanguages) {
        Session session = start(s, role, group, language);
        ASSERT_EQ(session.language(), language);
        testing::AnswerTime time = testing::answer_time(session);
        EXPECT_GE(time.minutes(), 15.0) << where(role, group, language);
        EXPECT_LE(time.minutes(), 25.0) << where(role, group, language);
      }
    }
  }
}

// docs/content.md gives the figures: 15-19 minutes for the standard survey
// alone, leaving room for battery and own questions.
TEST(StandardSurvey, AnsweringTimeMatchesTheContentGuide) {
  auto s = standard();
  ASSERT_TRUE(s);
  double shortest = 100, longest = 0;
  for (const std::string& role : kRoles)
    for (const Group& group : all_groups())
      for (const std::string& language : kLanguages) {
        double minutes = testing::answer_time(start(s, role, group, language)).minutes();
        shortest = std::min(shortest, minutes);
        longest = std::max(longest, minutes);
      }
  EXPECT_GE(shortest, 15.0);
  EXPECT_LE(longest, 19.0);
  // seller, complex selling, no pay, no field visits: 74 items, 15.7 minutes in English
  testing::AnswerTime seller = testing::answer_time(start(s, "seller", {false, "complex", false}, "en"));
  EXPECT_EQ(seller.items, 74);
  EXPECT_EQ(seller.pages, 8);
  EXPECT_NEAR(seller.minutes(), 15.7, 0.05);
}

// The model's word rule: letters or digits, joined by hyphens and apostrophes.
TEST(AnswerTimeModel, CountsWordsAsDocumented) {
  struct Row {
    const char* text;
    int words;
  };
  for (const Row& row : std::vector<Row>{{"", 0},
                                        {"My manager has regular one-to-one coaching sessions with me.", 9},
                                        {"don't know / not applicable", 4},
                                        {"Säljare och andra säljroller: svara.", 5},
                                        {"Selgere – og 12 andre", 4},
                                        {"\"vet ikke / ikke relevant\"", 4},
                                        {"follow-up, self-assessment", 2}})
    EXPECT_EQ(testing::count_words(row.text), row.words) << row.text;
}

TEST(AnswerTimeModel, ReproducesTheFormula) {
  testing::AnswerTime time{200, 30, 6, 0};  // 60 s reading + 30 s answering + 30 s pages
  EXPECT_DOUBLE_EQ(time.minutes(), 2.0);
}

}  // namespace
}  // namespace sos
