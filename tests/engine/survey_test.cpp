// Tests of sos/survey.h: loading, every kind of bad survey, limits.
#include "sos/survey.h"

#include <gtest/gtest.h>

#include <functional>

#include "test_support.h"

namespace sos {
namespace {

using nlohmann::json;
using testing::minimal_survey;

std::vector<std::pair<std::string, std::string>> errors_of(const LoadResult& result) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Severity::error) out.emplace_back(d.error.code, d.error.pointer);
  return out;
}

std::vector<std::pair<std::string, std::string>> warnings_of(const LoadResult& result) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Severity::warning) out.emplace_back(d.error.code, d.error.pointer);
  return out;
}

TEST(SurveyLoad, FixtureLoadsWithItsModel) {
  auto survey = testing::basic_survey();
  ASSERT_TRUE(survey);
  EXPECT_EQ(survey->id, "fixture_basic");
  EXPECT_EQ(survey->pages.size(), 4u);
  EXPECT_EQ(survey->questions.size(), 13u);  // matrix rows count as questions
  int row = survey->question_index("coach_useful");
  ASSERT_GE(row, 0);
  EXPECT_GE(survey->questions[row].matrix, 0);
  EXPECT_TRUE(survey->questions[row].required);  // the matrix is required: every row is
  const Question& clear = survey->questions[survey->question_index("goals_clear")];
  EXPECT_EQ(clear.text_for(survey->role_index("manager")).in("sv", "en"), "Mina säljares mål är tydliga.");
  EXPECT_EQ(clear.text_for(survey->role_index("seller")).in("nb", "en"), "Målene mine er tydelige.");
  EXPECT_EQ(clear.text.in("de", "en"), "My goals are clear.");  // fallback language
}

TEST(SurveyLoad, MinimalSurveyLoadsWithoutDiagnostics) {
  LoadResult result = load_survey(minimal_survey().dump());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty());
}

TEST(SurveyLoad, MalformedJsonSaysLineAndColumn) {
  LoadResult result = load_survey("{\n  \"format\": \"sos-survey/1\",\n  \"id\": ]\n}");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].error.code, "json.parse_error");
  EXPECT_NE(result.diagnostics[0].error.message.find("line 3, column 9"), std::string::npos)
      << result.diagnostics[0].error.message;
}

struct BadSurvey {
  const char* name;
  std::function<void(json&)> change;
  std::vector<std::pair<std::string, std::string>> errors;
};

json& first_question(json& s) { return s["pages"][0]["elements"][0]; }

const std::vector<BadSurvey>& bad_surveys() {
  static const std::vector<BadSurvey> rows = {
      {"wrong format", [](json& s) { s["format"] = "sos-survey/9"; }, {{"survey.bad_format", "/format"}}},
      {"missing format", [](json& s) { s.erase("format"); }, {{"survey.bad_format", "/format"}}},
      {"not an object", [](json& s) { s = json::array(); }, {{"survey.type_error", ""}}},
      {"unknown top-level field", [](json& s) { s["titel"] = 1; }, {{"survey.unknown_field", "/titel"}}},
      {"unknown question field", [](json& s) { first_question(s)["requird"] = true; },
       {{"survey.unknown_field", "/pages/0/elements/0/requird"}}},
      {"wrong type", [](json& s) { first_question(s)["required"] = "yes"; },
       {{"survey.type_error", "/pages/0/elements/0/required"}}},
      {"missing id", [](json& s) { first_question(s).erase("id"); },
       {{"survey.missing_field", "/pages/0/elements/0"}}},
      {"bad id", [](json& s) { first_question(s)["id"] = "Q-1"; }, {{"survey.bad_id", "/pages/0/elements/0/id"}}},
      {"duplicate question id", [](json& s) { s["pages"][0]["elements"][1]["id"] = "q1"; },
       {{"survey.duplicate_id", "/pages/0/elements/1/id"}}},
      {"question id equal to a page id", [](json& s) { first_question(s)["id"] = "p1"; },
       {{"survey.duplicate_id", "/pages/0/elements/0/id"}}},
      {"duplicate option", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "choice", "id": "c", "text": {"en": "C", "sv": "C"},
           "options": [{"value": "a", "text": {"en": "A", "sv": "A"}}, {"value": "a", "text": {"en": "B", "sv": "B"}}]})"));
       },
       {{"survey.duplicate_option", "/pages/0/elements/3/options/1/value"}}},
      {"too few options", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "choice", "id": "c", "text": {"en": "C", "sv": "C"},
           "options": [{"value": "a", "text": {"en": "A", "sv": "A"}}]})"));
       },
       {{"survey.bad_value", "/pages/0/elements/3/options"}}},
      {"free text other than comment", [](json& s) { first_question(s)["type"] = "text"; },
       {{"survey.unknown_type", "/pages/0/elements/0/type"}}},
      {"unknown reference in condition", [](json& s) { first_question(s)["visibleIf"] = "{nope} = 1"; },
       {{"survey.unknown_reference", "/pages/0/elements/0/visibleIf"}}},
      {"unknown group attribute", [](json& s) { first_question(s)["visibleIf"] = "{group.region} = 'x'"; },
       {{"survey.unknown_reference", "/pages/0/elements/0/visibleIf"}}},
      {"condition that does not parse", [](json& s) { first_question(s)["visibleIf"] = "{q2} = = 1"; },
       {{"survey.bad_condition", "/pages/0/elements/0/visibleIf"}}},
      {"visibility cycle", [](json& s) {
         s["pages"][0]["elements"][0]["visibleIf"] = "{q2} = 1";
         s["pages"][0]["elements"][1]["visibleIf"] = "{q1} = 1";
       },
       {{"survey.condition_cycle", "/pages/0/elements/1/visibleIf"}}},
      {"condition reads its own question", [](json& s) { first_question(s)["visibleIf"] = "{q1} empty"; },
       {{"survey.condition_cycle", "/pages/0/elements/0/visibleIf"}}},
      {"panel condition reads a question inside it", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "panel", "id": "pn", "visibleIf": "{inner} = 1",
           "title": {"en": "P", "sv": "P"},
           "elements": [{"type": "likert", "id": "inner", "text": {"en": "I", "sv": "I"}}]})"));
       },
       {{"survey.condition_cycle", "/pages/0/elements/3/visibleIf"}}},
      {"missing translation", [](json& s) { first_question(s)["text"].erase("sv"); },
       {{"survey.missing_translation", "/pages/0/elements/0/text"}}},
      {"text in an undeclared language", [](json& s) { first_question(s)["text"]["de"] = "F"; },
       {{"survey.unknown_field", "/pages/0/elements/0/text/de"}}},
      {"score names unknown dimension", [](json& s) { first_question(s)["score"]["dimension"] = "nope"; },
       {{"survey.unknown_reference", "/pages/0/elements/0/score/dimension"}}},
      {"weight out of range", [](json& s) { first_question(s)["score"]["weight"] = 11; },
       {{"survey.bad_value", "/pages/0/elements/0/score/weight"}}},
      {"unknown role", [](json& s) { first_question(s)["roles"] = {"ceo"}; },
       {{"survey.unknown_reference", "/pages/0/elements/0/roles/0"}}},
      {"roleText for unknown role", [](json& s) { first_question(s)["roleText"] = {{"ceo", {{"en", "x"}, {"sv", "x"}}}}; },
       {{"survey.unknown_reference", "/pages/0/elements/0/roleText/ceo"}}},
      {"fallback not a language", [](json& s) { s["fallbackLanguage"] = "nb"; },
       {{"survey.unknown_reference", "/fallbackLanguage"}}},
      {"not-applicable condition reads an answer", [](json& s) { s["dimensions"][0]["notApplicableIf"] = "{q1} = 1"; },
       {{"survey.group_only_condition", "/dimensions/0/notApplicableIf"}}},
      {"number range reversed", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "number", "id": "n", "min": 5, "max": 1,
           "text": {"en": "N", "sv": "N"}})"));
       },
       {{"survey.bad_value", "/pages/0/elements/3/max"}}},
      {"number bound beyond the limit", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "number", "id": "n", "min": 0, "max": 1000000,
           "text": {"en": "N", "sv": "N"}})"));
       },
       {{"survey.bad_value", "/pages/0/elements/3"}}},
      {"band boundary off the colour rule", [](json& s) {
         s["scoreBands"] = json::parse(R"([{"id": "low", "max": 3.0}, {"id": "mid", "max": 3.8}, {"id": "high"}])");
       },
       {{"survey.band_disagrees_with_colour", "/scoreBands"}}},
      {"tips for an unknown band", [](json& s) {
         s["scoreBands"] = json::parse(R"([{"id": "low", "max": 3.7}, {"id": "high"}])");
         s["dimensions"][0]["tips"] = json::parse(R"({"medium": [{"en": "t", "sv": "t"}]})");
       },
       {{"survey.unknown_reference", "/dimensions/0/tips/medium"}}},
      {"empty page", [](json& s) { s["pages"][0]["elements"] = json::array(); },
       {{"survey.bad_value", "/pages/0/elements"}}},
      {"unknown message code", [](json& s) { s["messages"] = {{"nag", {{"en", "x"}, {"sv", "x"}}}}; },
       {{"survey.unknown_field", "/messages/nag"}}},
  };
  return rows;
}

TEST(SurveyLoad, EachKindOfBadSurveyIsReportedAtItsPlace) {
  for (const BadSurvey& row : bad_surveys()) {
    json survey = minimal_survey();
    row.change(survey);
    LoadResult result = load_survey(survey.dump());
    EXPECT_FALSE(result.ok()) << row.name;
    EXPECT_EQ(errors_of(result), row.errors) << row.name;
  }
}

TEST(SurveyLoad, EveryProblemIsReportedAtOnce) {
  json survey = minimal_survey();
  survey["pages"][0]["elements"][0]["id"] = "Bad";
  survey["pages"][0]["elements"][1]["text"].erase("sv");
  survey["pages"][0]["elements"][2]["typo"] = 1;
  LoadResult result = load_survey(survey.dump());
  EXPECT_EQ(errors_of(result), (std::vector<std::pair<std::string, std::string>>{
                                   {"survey.bad_id", "/pages/0/elements/0/id"},
                                   {"survey.missing_translation", "/pages/0/elements/1/text"},
                                   {"survey.unknown_field", "/pages/0/elements/2/typo"},
                               }));
}

TEST(SurveyLoad, BadConditionMessageNamesFragmentAndOffset) {
  json survey = minimal_survey();
  first_question(survey)["visibleIf"] = "{q2} = = 1";
  LoadResult result = load_survey(survey.dump());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(result.diagnostics[0].error.message.find("offset 7"), std::string::npos)
      << result.diagnostics[0].error.message;
}

TEST(SurveyLoad, WarningsAreKeptApartFromErrors) {
  json survey = minimal_survey();
  first_question(survey)["visibleIf"] = "{q3} = 1";  // reads a later question
  survey["dimensions"].push_back(json::parse(R"({"id": "spare", "title": {"en": "S", "sv": "S"},
    "description": {"en": "S", "sv": "S"}})"));
  LoadResult result = load_survey(survey.dump());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(warnings_of(result), (std::vector<std::pair<std::string, std::string>>{
                                     {"survey.forward_reference", "/pages/0/elements/0/visibleIf"},
                                     {"survey.unused_dimension", "/dimensions/1"},
                                 }));
}

json generated_survey(int questions) {
  json survey = minimal_survey();
  json elements = json::array();
  for (int i = 0; i < questions; ++i) {
    json q = {{"type", "likert"}, {"id", "g" + std::to_string(i)}, {"text", {{"en", "Q"}, {"sv", "F"}}},
              {"score", {{"dimension", "goals"}}}};
    if (i > 0) q["visibleIf"] = "{g" + std::to_string(i - 1) + "} notempty or {group.selling} = 'volume'";
    elements.push_back(q);
  }
  survey["pages"] = json::array();
  for (int start = 0; start < questions; start += 20) {
    json page = {{"id", "page" + std::to_string(start)}, {"title", {{"en", "P"}, {"sv", "P"}}}, {"elements", json::array()}};
    for (int i = start; i < std::min(questions, start + 20); ++i) page["elements"].push_back(elements[i]);
    survey["pages"].push_back(page);
  }
  return survey;
}

TEST(SurveyLimits, TwoThousandQuestionsAreWithinTheLimits) {
  LoadResult result = load_survey(generated_survey(2000).dump());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.survey->questions.size(), 2000u);
}

TEST(SurveyLimits, TooManyQuestionsIsAClearError) {
  SurveyLimits limits;
  limits.max_questions = 100;
  LoadResult result = load_survey(generated_survey(101).dump(), limits);
  EXPECT_EQ(errors_of(result),
            (std::vector<std::pair<std::string, std::string>>{{"survey.limit_exceeded", "/pages/5/elements/0"}}));
}

TEST(SurveyLimits, LongTextDeepPanelsAndLongConditionsAreRefused) {
  json survey = minimal_survey();
  first_question(survey)["text"]["en"] = std::string(4001, 'x');
  survey["pages"][0]["elements"][1]["visibleIf"] = "{q1} = 1" + std::string(4000, ' ');
  json panel = {{"type", "likert"}, {"id", "deep_q"}, {"text", {{"en", "x"}, {"sv", "x"}}}};
  for (int depth = 0; depth < 9; ++depth)
    panel = {{"type", "panel"}, {"id", "pn" + std::to_string(depth)}, {"title", {{"en", "x"}, {"sv", "x"}}},
             {"elements", {panel}}};
  survey["pages"][0]["elements"].push_back(panel);
  LoadResult result = load_survey(survey.dump());
  auto errors = errors_of(result);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], std::make_pair(std::string("survey.limit_exceeded"), std::string("/pages/0/elements/0/text/en")));
  EXPECT_EQ(errors[1], std::make_pair(std::string("survey.limit_exceeded"), std::string("/pages/0/elements/1/visibleIf")));
  EXPECT_EQ(errors[2].first, "survey.limit_exceeded");
  EXPECT_EQ(errors[2].second, "/pages/0/elements/3/elements/0/elements/0/elements/0/elements/0/elements/0/elements/0/elements/0/elements/0");
}

TEST(SurveyLimits, OversizedFileIsRefusedBeforeParsing) {
  SurveyLimits limits;
  limits.max_bytes = 100;
  LoadResult result = load_survey(minimal_survey().dump(), limits);
  EXPECT_EQ(errors_of(result), (std::vector<std::pair<std::string, std::string>>{{"survey.limit_exceeded", ""}}));
}

TEST(SurveyModel, DependentsListOnlyTheConditionsThatReadAQuestion) {
  auto survey = testing::basic_survey();
  int coached = survey->question_index("coached");
  int kpis = survey->question_index("kpis");
  const auto& matrix_readers = survey->dependents[coached].blocks;
  ASSERT_EQ(matrix_readers.size(), 1u);
  EXPECT_EQ(survey->blocks[matrix_readers[0]].id, "m_coaching");
  ASSERT_EQ(survey->dependents[kpis].questions.size(), 1u);  // requiredIf of meetings_week
  EXPECT_EQ(survey->questions[survey->dependents[kpis].questions[0]].id, "meetings_week");
  EXPECT_TRUE(survey->dependents[survey->question_index("goals_clear")].questions.empty());
}


// The loader spells out pointers only for a problem and remembers which
// element claimed an id by its place: the messages must still name both
// places exactly.
struct ExactDiagnostic {
  const char* name;
  std::function<void(json&)> change;
  std::vector<std::string> diagnostics;  // Diagnostic::to_string(), in order
};

TEST(SurveyLoad, DiagnosticsNameTheirPlacesExactly) {
  const json panel = json::parse(R"({"type": "panel", "id": "pn", "title": {"en": "P", "sv": "P"},
    "elements": [{"type": "likert", "id": "inner", "text": {"en": "I", "sv": "I"}, "score": {"dimension": "goals"}}]})");
  const json matrix = json::parse(R"({"type": "matrix", "id": "mx", "text": {"en": "M", "sv": "M"},
    "rows": [{"id": "r1", "text": {"en": "R", "sv": "R"}}, {"id": "r2", "text": {"en": "R", "sv": "R"}}]})");
  const std::vector<ExactDiagnostic> rows = {
      {"question id used by a dimension", [](json& s) { first_question(s)["id"] = "goals"; },
       {"error: [survey.duplicate_id] (/pages/0/elements/0/id) id \"goals\" is already used at /dimensions/0/id"}},
      {"question id used by the page", [](json& s) { s["pages"][0]["elements"][2]["id"] = "p1"; },
       {"error: [survey.duplicate_id] (/pages/0/elements/2/id) id \"p1\" is already used at /pages/0/id"}},
      {"question id used by an earlier question", [](json& s) { s["pages"][0]["elements"][2]["id"] = "q1"; },
       {"error: [survey.duplicate_id] (/pages/0/elements/2/id) id \"q1\" is already used at /pages/0/elements/0/id"}},
      {"panel and question inside it", [&](json& s) {
         json p = panel;
         p["elements"][0]["id"] = "pn";
         s["pages"][0]["elements"].push_back(p);
       },
       {"error: [survey.duplicate_id] (/pages/0/elements/3/elements/0/id) id \"pn\" is already used at "
        "/pages/0/elements/3/id"}},
      {"matrix rows", [&](json& s) {
         json m = matrix;
         m["rows"][1]["id"] = "r1";
         s["pages"][0]["elements"].push_back(m);
       },
       {"error: [survey.duplicate_id] (/pages/0/elements/3/rows/1/id) id \"r1\" is already used at "
        "/pages/0/elements/3/rows/0/id"}},
      {"second page reuses a row id", [&](json& s) {
         s["pages"][0]["elements"].push_back(matrix);
         s["pages"].push_back(s["pages"][0]);
         s["pages"][1]["id"] = "r2";
         s["pages"][1]["elements"] = json::array({first_question(s)});
         s["pages"][1]["elements"][0]["id"] = "q9";
       },
       {"error: [survey.duplicate_id] (/pages/1/id) id \"r2\" is already used at /pages/0/elements/3/rows/1/id"}},
      {"dimension ids, the first not an object", [](json& s) {
         s["dimensions"].push_back(s["dimensions"][0]);
         s["dimensions"].insert(s["dimensions"].begin(), json(1));
       },
       {"error: [survey.type_error] (/dimensions/0) must be an object, but is number",
        "error: [survey.duplicate_id] (/dimensions/2/id) id \"goals\" is already used at /dimensions/1/id"}},
      {"text that is not an object", [](json& s) { first_question(s)["text"] = "Q1"; },
       {"error: [survey.type_error] (/pages/0/elements/0/text) must be an object, but is string"}},
      {"text problems in each language", [](json& s) {
         first_question(s)["text"] = json{{"de", "F"}, {"en", 1}};
       },
       {"error: [survey.unknown_field] (/pages/0/elements/0/text/de) \"de\" is not one of the survey's languages",
        "error: [survey.type_error] (/pages/0/elements/0/text/en) must be a string, but is number",
        "error: [survey.missing_translation] (/pages/0/elements/0/text) no text in \"sv\""}},
      {"option text missing a language", [](json& s) {
         s["pages"][0]["elements"].push_back(json::parse(R"({"type": "choice", "id": "c", "text": {"en": "C", "sv": "C"},
           "options": [{"value": "a", "text": {"en": "A"}}, {"value": "b", "text": {"en": "B", "sv": "B"}}]})"));
       },
       {"error: [survey.missing_translation] (/pages/0/elements/3/options/0/text) no text in \"sv\""}},
      {"elements that are not an array", [](json& s) { s["pages"][0]["elements"] = json::object(); },
       {"error: [survey.type_error] (/pages/0/elements) must be an array, but is object"}},
      {"condition that is not a string", [](json& s) { first_question(s)["visibleIf"] = 3; },
       {"error: [survey.type_error] (/pages/0/elements/0/visibleIf) must be a string, but is number"}},
      {"condition that does not parse", [](json& s) { first_question(s)["requiredIf"] = "{q2} = = 1"; },
       {"error: [survey.bad_condition] (/pages/0/elements/0/requiredIf) unexpected '=' at offset 7 in \"{q2} = = 1\""}},
      {"validator reads an unknown question", [](json& s) {
         first_question(s)["validators"] = json::parse(R"([{"expression": "{q1} > 1", "message": {"en": "M", "sv": "M"}},
           {"expression": "{nope} > 1", "message": {"en": "M", "sv": "M"}}])");
       },
       {"error: [survey.unknown_reference] (/pages/0/elements/0/validators/1/expression) unknown question 'nope'"}},
      {"condition reads a later question", [](json& s) { first_question(s)["visibleIf"] = "{q3} = 1"; },
       {"warning: [survey.forward_reference] (/pages/0/elements/0/visibleIf) reads \"q3\", which comes later in the "
        "survey: its answer is empty until then"}},
  };
  for (const ExactDiagnostic& row : rows) {
    json s = minimal_survey();
    row.change(s);
    std::vector<std::string> got;
    for (const Diagnostic& d : load_survey(s.dump()).diagnostics) got.push_back(d.to_string());
    EXPECT_EQ(got, row.diagnostics) << row.name;
  }
}

TEST(SurveyModel, QuestionIndexFindsEveryIdAfterTheSurveyIsCopied) {
  auto survey = testing::basic_survey();
  ASSERT_TRUE(survey);
  Survey copy = *survey;  // the index holds question numbers, not names
  for (std::size_t q = 0; q < copy.questions.size(); ++q)
    EXPECT_EQ(copy.question_index(copy.questions[q].id), static_cast<int>(q)) << copy.questions[q].id;
  EXPECT_EQ(copy.question_index("nope"), -1);
  EXPECT_EQ(copy.question_index(""), -1);
}

TEST(SurveyModel, TextsAreSortedByLanguageAndKeepTheFirstOfARepeat) {
  Text text;
  text.by_language.emplace("sv", "Hej");
  text.by_language.emplace("en", "Hello");
  text.by_language.emplace("sv", "Tjena");  // as std::map::emplace: the first stays
  ASSERT_EQ(text.by_language.size(), 2u);
  EXPECT_EQ(text.by_language.begin()->first, "en");
  EXPECT_EQ(text.in("sv", "en"), "Hej");
  EXPECT_EQ(text.in("de", "en"), "Hello");
  EXPECT_EQ(text.by_language.count("nb"), 0u);
  EXPECT_EQ(Text().in("sv", "en"), "");
}

}  // namespace
}  // namespace sos
