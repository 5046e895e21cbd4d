// Tests of extreme inputs: conditions nested 200 deep, very long and odd
// texts, deeply nested JSON, a survey of 2,000 questions answered to the
// end, and group trees of 5,000 groups. Each is accepted or refused with a
// clear error at its place; none may crash.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sos/aggregate.h"
#include "sos/contribution.h"
#include "sos/release.h"
#include "sos/session.h"
#include "sos/survey.h"
#include "test_support.h"

namespace sos {
namespace {

using json = nlohmann::json;
using testing::minimal_survey;

std::string repeat(const std::string& piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}

std::vector<std::pair<std::string, std::string>> errors_of(const LoadResult& result) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Diagnostic& d : result.diagnostics)
    if (d.severity == Severity::error) out.emplace_back(d.error.code, d.error.pointer);
  return out;
}

json& second_question(json& survey) { return survey["pages"][0]["elements"][1]; }

struct SurveyCase {
  std::string name;
  std::function<void(json&)> change;
  std::vector<std::pair<std::string, std::string>> errors;  // empty: accepted
};

TEST(ExtremeSurveys, AreAcceptedOrRefusedAtTheirPlace) {
  const std::string emoji = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBC";  // woman office worker: 3 code points
  const std::vector<SurveyCase> cases = {
      {"condition nested 64 deep in parentheses",
       [](json& s) { second_question(s)["visibleIf"] = repeat("(", 63) + "{q1} = 1" + repeat(")", 63); },
       {}},
      {"condition nested 200 deep in parentheses",
       [](json& s) { second_question(s)["visibleIf"] = repeat("(", 200) + "{q1} = 1" + repeat(")", 200); },
       {{"survey.limit_exceeded", "/pages/0/elements/1/visibleIf"}}},
      {"condition of 200 nested nots",
       [](json& s) { second_question(s)["visibleIf"] = repeat("not ", 200) + "({q1} = 1)"; },
       {{"survey.limit_exceeded", "/pages/0/elements/1/visibleIf"}}},
      {"condition of 200 nested calls",
       [](json& s) { second_question(s)["requiredIf"] = repeat("abs(", 200) + "{q1}" + repeat(")", 200) + " > 2"; },
       {{"survey.limit_exceeded", "/pages/0/elements/1/requiredIf"}}},
      {"condition chain of 200 ors",
       [](json& s) {
         std::string e = "{q1} = 1";
         for (int i = 0; i < 199; ++i) e += " or {q1} = " + std::to_string(i % 5 + 1);
         second_question(s)["visibleIf"] = e;
       },
       {{"survey.limit_exceeded", "/pages/0/elements/1/visibleIf"}}},
      {"text of 4,000 characters that are 4 bytes each",
       [](json& s) { s["pages"][0]["elements"][0]["text"]["en"] = repeat("\xF0\x9F\x9A\x80", 4000); },
       {}},
      {"question text of one 10,000-character word",
       [](json& s) { s["pages"][0]["elements"][0]["text"]["en"] = std::string(10000, 'W'); },
       {{"survey.limit_exceeded", "/pages/0/elements/0/text/en"}}},
      {"page title of one 10,000-character word",
       [](json& s) { s["pages"][0]["title"]["sv"] = std::string(10000, 'W'); },
       {{"survey.limit_exceeded", "/pages/0/title/sv"}}},
      {"markup, bidi overrides, zero-width characters and emoji are plain text",
       [&](json& s) {
         s["pages"][0]["elements"][0]["text"]["en"] =
             "<img src=x onerror=alert(1)><script>alert(2)</script>\"><svg onload=alert(3)> javascript:alert(4) "
             "\xE2\x80\xAE" "evil\xE2\x80\xAC a\xE2\x80\x8B" "b\xEF\xBB\xBF " + emoji;
         s["pages"][0]["title"]["en"] = "<b>bold</b>";
       },
       {}},
      {"panels nested 200 deep",
       [](json& s) {
         json panel = {{"type", "likert"}, {"id", "deep_q"}, {"text", {{"en", "x"}, {"sv", "x"}}}};
         for (int depth = 0; depth < 200; ++depth)
           panel = {{"type", "panel"}, {"id", "pn" + std::to_string(depth)}, {"title", {{"en", "x"}, {"sv", "x"}}},
                    {"elements", {panel}}};
         s["pages"][0]["elements"].push_back(panel);
       },
       {{"survey.limit_exceeded", "/pages/0/elements/3/elements/0/elements/0/elements/0/elements/0/elements/0/"
                                  "elements/0/elements/0/elements/0"}}},
  };
  for (const SurveyCase& c : cases) {
    json survey = minimal_survey();
    c.change(survey);
    LoadResult result = load_survey(survey.dump());
    EXPECT_EQ(errors_of(result), c.errors) << c.name;
    EXPECT_EQ(result.ok(), c.errors.empty()) << c.name;
    for (const Diagnostic& d : result.diagnostics) EXPECT_FALSE(d.error.message.empty()) << c.name;
  }
}

TEST(ExtremeSurveys, DeeplyNestedJsonIsRefusedNotACrash) {
  // 100,000 arrays deep: under the 8 MiB file limit, far beyond any survey.
  for (const std::string& deep : {repeat("[", 100000) + repeat("]", 100000), repeat("{\"a\":", 100000) + "1" +
                                                                                 repeat("}", 100000)}) {
    json survey = minimal_survey();
    std::string text = survey.dump();
    text.insert(text.size() - 1, ",\"deep\":" + deep);
    LoadResult result = load_survey(text);
    ASSERT_FALSE(result.ok());
    ASSERT_FALSE(result.diagnostics.empty());
    EXPECT_FALSE(result.diagnostics[0].error.message.empty());
  }
}

// Found by fuzz_endpoint_request: a parse error quoted the invalid UTF-8 it
// read, and writing the error as JSON (the endpoint's answer, the wasm
// module's result) threw. Every message must be valid UTF-8.
TEST(ExtremeTexts, ParseErrorsOfInvalidUtf8AreValidUtf8) {
  const std::string bad = "{\"cells\":{\"dimension/x\x8D\xC5\x84\x9D\":{\"n\":1}}}";
  struct Row {
    std::string name;
    std::string code;
    std::string message;
  };
  std::vector<Row> rows;
  LoadResult loaded = load_survey(bad);
  ASSERT_FALSE(loaded.diagnostics.empty());
  rows.push_back({"survey", loaded.diagnostics[0].error.code, loaded.diagnostics[0].error.message});
  auto contribution = validate_contribution(*testing::basic_survey(), testing::kAllGroupOn, bad);
  ASSERT_FALSE(contribution.ok());
  rows.push_back({"contribution", contribution.error().code, contribution.error().message});
  auto aggregate = parse_aggregate(bad);
  ASSERT_FALSE(aggregate.ok());
  rows.push_back({"aggregate", aggregate.error().code, aggregate.error().message});
  for (const Row& row : rows) {
    EXPECT_EQ(row.code, row.name == "survey" ? "json.parse_error" : row.name + ".bad_format") << row.name;
    json written = {{"message", row.message}};
    EXPECT_NO_THROW((void)written.dump()) << row.name;
    EXPECT_NE(row.message.find("\xEF\xBF\xBD"), std::string::npos) << row.name << ": " << row.message;
  }
}

// A survey of `questions` likert questions, 20 a page, each after the first
// visible when the one before is not 1, so every answer reaches a reader.
std::string chained_survey(int questions) {
  json survey = minimal_survey();
  survey["pages"] = json::array();
  for (int i = 0; i < questions; ++i) {
    if (i % 20 == 0)
      survey["pages"].push_back({{"id", "p" + std::to_string(i / 20)},
                                 {"title", {{"en", "P"}, {"sv", "P"}}},
                                 {"elements", json::array()}});
    json q = {{"type", "likert"},
              {"id", "q" + std::to_string(i)},
              {"text", {{"en", "Q"}, {"sv", "F"}}},
              {"score", {{"dimension", "goals"}}}};
    if (i > 0) q["visibleIf"] = "{q" + std::to_string(i - 1) + "} != 1";
    survey["pages"].back()["elements"].push_back(q);
  }
  return survey.dump();
}

TEST(ExtremeSurveys, TwoThousandQuestionsAreAnsweredSubmittedAndValidated) {
  LoadResult loaded = load_survey(chained_survey(2000));
  ASSERT_TRUE(loaded.ok());
  const char* group = R"({"selling": "volume"})";
  auto session = Session::start(loaded.survey, {"seller", "en", group});
  ASSERT_TRUE(session.ok());
  for (int i = 0; i < 2000; ++i) {
    auto changed = session->set_answer("q" + std::to_string(i), i % 5 == 0 ? "5" : "4");
    ASSERT_TRUE(changed.ok()) << i << ": " << changed.error().to_string();
  }
  auto built = build_submission(session.value(), std::string(submission_entropy_bytes(session.value()), '\x11'));
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  auto checked = validate_contribution(*loaded.survey, group, built->contribution_json);
  ASSERT_TRUE(checked.ok()) << checked.error().to_string();
  EXPECT_EQ(checked->statistics.cells.at("question/q1999").n, 1);
}

// `n` groups: a flat tree under one root, or one chain n deep.
ReleaseInput big_tree(int n, bool chain, const Aggregate& respondent) {
  ReleaseInput in;
  in.options.k = 3;
  for (int g = 0; g < n; ++g) {
    std::string parent = g == 0 ? "" : "g" + std::to_string(chain ? g - 1 : 0);
    in.groups.push_back({"g" + std::to_string(g), parent, 10});
    if (g % 3 == 0)
      for (int r = 0; r < 1 + g % 5; ++r) in.aggregates.push_back({"g" + std::to_string(g), respondent});
  }
  return in;
}

TEST(ExtremeGroupTrees, FiveThousandGroupsFlatOrInOneChainAreReleased) {
  auto survey = testing::basic_survey();
  Aggregate respondent;
  respondent.survey = survey->id;
  respondent.version = survey->version;
  respondent.role = "seller";
  respondent.cells["respondents"] = {1, 0, 0};
  for (bool chain : {false, true}) {
    ReleaseInput in = big_tree(5000, chain, respondent);
    auto release = release_figures(*survey, in);
    ASSERT_TRUE(release.ok()) << (chain ? "chain: " : "flat: ") << release.error().to_string();
    EXPECT_EQ(release->groups.size(), 5000u);
    auto progress = wave_progress(*survey, in);
    ASSERT_TRUE(progress.ok()) << progress.error().to_string();
    EXPECT_EQ(progress->groups[0].respondents, static_cast<std::int64_t>(in.aggregates.size()));
  }
}

}  // namespace
}  // namespace sos
