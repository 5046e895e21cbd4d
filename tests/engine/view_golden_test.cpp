// Tests that JsonSession answers byte for byte as recorded: every call of a
// scripted session on the fixture survey, the standard survey and a survey
// with number group attributes, against tests/fixtures/sessions/*.golden.txt.
// The recordings were made by the build that wrote JSON with nlohmann, so the
// engine's own reader and writer must keep every byte (key order, number
// text, escapes) and every saved session must restore. Re-record only for an
// intended change: SOS_RECORD_GOLDEN=1 ./engine_tests --gtest_filter='ViewGolden*'
// One change was intended: a JSON syntax error's message ("line 1, column
// 4: ...") is the engine's own wording now, not nlohmann's, so those
// messages are compared as "<syntax error>"; their codes and pointers are not.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sos/view.h"
#include "test_support.h"

namespace sos {
namespace {

using testing::read_source_file;

// A survey whose group attributes and answers carry awkward numbers.
constexpr const char* kNumbersSurvey = R"({
  "format": "sos-survey/1", "id": "numbers", "version": "2\"\\ \u00e5",
  "languages": ["en", "nb"], "fallbackLanguage": "en",
  "roles": [{"id": "seller", "title": {"en": "Seller \"quoted\" \t tab", "nb": "Selger \u0001"}}],
  "groupAttributes": [{"id": "size", "type": "number"}, {"id": "share", "type": "number"},
                      {"id": "open", "type": "boolean"}],
  "dimensions": [{"id": "goals", "title": {"en": "Goals", "nb": "Mål"}, "description": {"en": "D", "nb": "D"}}],
  "pages": [{"id": "p1", "title": {"en": "P \\ / \u2028", "nb": "P"}, "elements": [
    {"type": "number", "id": "n0", "text": {"en": "N0", "nb": "N0"}, "min": -100000, "max": 100000},
    {"type": "number", "id": "n2", "text": {"en": "N2", "nb": "N2"}, "min": -0.75, "max": 99999.99, "decimals": 2},
    {"type": "likert", "id": "q1", "text": {"en": "Q1", "nb": "F1"}, "score": {"dimension": "goals"}},
    {"type": "likert", "id": "q2", "text": {"en": "Q2", "nb": "F2"}, "score": {"dimension": "goals"}},
    {"type": "likert", "id": "q3", "text": {"en": "Q3", "nb": "F3"}, "score": {"dimension": "goals"}},
    {"type": "comment", "id": "c", "text": {"en": "C", "nb": "C"}, "maxLength": 50}
  ]}]
})";

// One step of a script: what it calls and the text the call returned.
struct Step {
  std::string call;
  std::function<std::string(JsonSession&)> run;
};

std::string entropy(std::size_t bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) out += static_cast<char>((i * 37 + 11) & 0xFF);
  return out;
}

Step call(std::string name, std::function<std::string(JsonSession&)> run) { return {std::move(name), std::move(run)}; }
Step answer(std::string id, std::string value) {
  return call("setAnswer " + id + " " + value, [id, value](JsonSession& s) { return s.set_answer(id, value); });
}
Step submit() {
  return call("buildSubmission", [](JsonSession& s) { return s.build_submission(entropy(s.submission_entropy_bytes())); });
}
Step save() { return call("save", [](JsonSession& s) { return s.save(); }); }
Step page() { return call("pageView", [](JsonSession& s) { return s.page_view(); }); }
Step review() { return call("reviewView", [](JsonSession& s) { return s.review_view(); }); }
Step profile() { return call("profileView", [](JsonSession& s) { return s.profile_view(); }); }
Step next() { return call("next", [](JsonSession& s) { return s.next(); }); }
Step restore(std::string saved) {
  return call("restore " + saved, [saved](JsonSession& s) { return s.restore(saved); });
}
Step start(std::string role, std::string language, std::string group) {
  return call("start " + role + " " + language + " " + group,
              [=](JsonSession& s) { return s.start(role, language, group); });
}
// Restores what the last save returned ({"ok":true,"state":"..."}).
Step restore_last_save(const std::string* last) {
  return call("restore <last save>", [last](JsonSession& s) {
    return s.restore(nlohmann::json::parse(*last)["state"].get<std::string>());
  });
}

std::vector<Step> basic_script() {
  return {
      call("load", [](JsonSession& s) { return s.load(read_source_file("tests/fixtures/surveys/basic.json")); }),
      call("surveyInfo nb", [](JsonSession& s) { return s.survey_info("nb"); }),
      call("surveyInfo de", [](JsonSession& s) { return s.survey_info("de"); }),
      page(),
      start("nobody", "en", "{}"),
      start("seller", "en", "[1]"),
      start("seller", "en", "{\"selling\": 1"),
      start("seller", "en", R"({"performance_pay": 1, "selling": "volume", "field_visits": true})"),
      start("seller", "en", R"({"performance_pay": true, "selling": "retail", "field_visits": true})"),
      start("seller", "en", R"({"performance_pay": true, "field_visits": true})"),
      start("seller", "en", R"({"performance_pay": true, "selling": "volume", "field_visits": true, "x/y~": 1})"),
      start("seller", "sv", R"({"performance_pay": true, "selling": "volume", "field_visits": true})"),
      page(), call("progress", [](JsonSession& s) { return s.progress(); }),
      answer("goals_clear", "4"), answer("goals_clear", "\"na\""), answer("goals_followed", "4.0"),
      answer("goals_followed", "6"), answer("goals_followed", "2.5"), answer("goals_followed", "\"x\""),
      answer("goals_unfair", "{\"a\":[1,2,{}]}"), answer("goals_unfair", "tru"), answer("goals_unfair", "[1,]"),
      answer("goals_unfair", "\"\\ud800\""), answer("goals_unfair", "1e999"), answer("goals_unfair", "5 5"),
      answer("goals_unfair", "\"open"), answer("goals_unfair", ""), answer("nope", "1"), answer("pay_fair", "1E0"),
      answer("goals_unfair", "2"), page(), next(),
      call("validatePage", [](JsonSession& s) { return s.validate_page(); }),
      answer("coached", "\"maybe\""), answer("coached", "7"), answer("coached", "\"yes\""),
      answer("kpis", "[\"meetings\",\"meetings\"]"), answer("kpis", "[\"meetings\",\"calls\",\"win_rate\"]"),
      answer("kpis", "[\"bogus\"]"), answer("kpis", "[1]"), answer("kpis", "\"meetings\""),
      answer("kpis", "[\"win_rate\",\"meetings\"]"), page(), next(),
      answer("meetings_week", "51"), answer("meetings_week", "12.25"), answer("meetings_week", "\"12\""),
      answer("meetings_week", "12.5"), page(), next(),
      call("validateQuestion visits_often", [](JsonSession& s) { return s.validate_question("visits_often"); }),
      call("validateQuestion nope", [](JsonSession& s) { return s.validate_question("nope"); }),
      answer("visits_planned", "3"), answer("visits_feedback", "5"), answer("visits_often", "1"), next(), page(),
      answer("free_words", "\"Tab\\tquote\\\" slash\\/ back\\\\ \\u0001\\u001f \\u007f \\u00e5 \\ud83d\\ude00 \\u2028\""),
      answer("free_words", "\"" + std::string(201, 'x') + "\""), page(),
      call("validateAll", [](JsonSession& s) { return s.validate_all(); }), review(), profile(),
      call("setLanguage nb", [](JsonSession& s) { return s.set_language("nb"); }), review(), profile(),
      call("setLanguage de", [](JsonSession& s) { return s.set_language("de"); }), save(), submit(),
      call("clearAnswer coached", [](JsonSession& s) { return s.clear_answer("coached"); }),
      call("previous", [](JsonSession& s) { return s.previous(); }), page(), save(), submit(),
      restore("{"), restore("[]"), restore("{\"format\":\"sos-session/2\"}"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"1","role":"seller","language":"en","page":"p_goals","answers":{}})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"3","role":"seller","language":"en","page":"p_goals"})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"3","role":"seller","language":"en","page":"p_nope","answers":{},"group":{"performance_pay":true,"selling":"volume","field_visits":true}})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":3,"role":"seller","language":"en","page":"p_goals","answers":{}})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"3","role":"seller","language":"en","page":"p_goals","answers":{"nope":1},"group":{"performance_pay":true,"selling":"volume","field_visits":true}})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"3","role":"seller","language":"en","page":"p_goals","answers":{"goals_clear":9},"group":{"performance_pay":true,"selling":"volume","field_visits":true}})"),
      restore(R"({"format":"sos-session/1","survey":"fixture_basic","surveyVersion":"3","role":"seller","language":"sv","page":"p_visits","answers":{"goals_clear":"na","kpis":["calls"],"coached":"no","visits_often":2},"group":{"performance_pay":false,"selling":"volume","field_visits":true}})"),
      page(), review(), profile(), save(),
  };
}

std::vector<Step> standard_script() {
  std::vector<Step> steps = {
      call("load", [](JsonSession& s) { return s.load(read_source_file("surveys/standard/survey.json")); }),
      start("manager", "nb", R"({"performance_pay": true, "selling": "complex", "field_visits": true})"),
  };
  // Every likert question gets an answer from the ids' lengths, page by page.
  LoadResult loaded = load_survey(read_source_file("surveys/standard/survey.json"));
  for (int p = 0; p < 12; ++p) {
    steps.push_back(page());
    for (const Question& q : loaded.survey->questions) {
      if (q.page != p) continue;
      std::string value = q.type == QuestionType::likert ? std::to_string(1 + q.id.size() % 5)
                          : q.type == QuestionType::comment ? "\"ok\""
                                                            : "null";
      if (q.type == QuestionType::likert && q.not_applicable && q.id.size() % 7 == 0) value = "\"na\"";
      steps.push_back(answer(q.id, value));
    }
    steps.push_back(next());
  }
  for (Step step : {review(), profile(), save(), submit()}) steps.push_back(step);
  return steps;
}

std::vector<Step> numbers_script(const std::string* last_save) {
  std::vector<Step> steps = {call("load", [](JsonSession& s) { return s.load(kNumbersSurvey); })};
  const char* groups[] = {
      R"({"size": 0.1, "share": 1e-7, "open": true})",
      R"({"size": 123456789.123, "share": 1.7976931348623157e308, "open": false})",
      R"({"size": 5e-324, "share": -0.0, "open": true})",
      R"({"size": 9007199254740993, "share": 18446744073709551616, "open": true})",
      R"({"size": 1E15, "share": 1e16, "open": true})",
      R"({"size": 0.000123, "share": 0.0000123, "open": true})",
      R"({"size": 2.2250738585072014e-308, "share": 4.9406564584124654e-324, "open": true})",
      R"({"size": 0.30000000000000004, "share": 100, "open": true})",
      R"({"size": -12345678901234567890, "share": 3.14159265358979323846264338327950288, "open": true})",
  };
  for (const char* group : groups) {
    steps.push_back(start("seller", "nb", group));
    steps.push_back(save());
    steps.push_back(restore_last_save(last_save));
    steps.push_back(save());
  }
  for (Step step : {start("seller", "nb", R"({"size": 1, "share": 2, "open": true})"), page(),
                    answer("n0", "-100000"), answer("n0", "100001"), answer("n0", "0.5"), answer("n0", "1e3"),
                    answer("n2", "-0.75"), answer("n2", "-0.76"), answer("n2", "0.001"), answer("n2", "99999.99"),
                    answer("n2", "12.3"), answer("n2", "1.10"), answer("n2", "-0"), answer("q1", "5"),
                    answer("q2", "4"), answer("q3", "4"), answer("c", "\"\\u0000 nul\""), page(), review(),
                    profile(), save(), restore_last_save(last_save), save(), submit()})
    steps.push_back(step);
  return steps;
}

// Runs a script: "> call" lines, each followed by the text it returned.
std::string transcript(const std::vector<Step>& steps, std::string& last_save) {
  JsonSession session;
  std::string out;
  for (const Step& step : steps) {
    std::string result = step.run(session);
    if (step.call == "save") last_save = result;
    out += "> " + step.call + "\n" + result + "\n";
  }
  return out;
}

// A JSON syntax error's message (nlohmann's or the engine's wording) as one mark.
std::string without_syntax_messages(const std::string& line) {
  static const std::regex kSyntax(
      R"re("(message|text)":"(line \d+, column \d+: |\[json\.exception\.)([^"\\]|\\.)*")re");
  return std::regex_replace(line, kSyntax, "\"$1\":\"<syntax error>\"");
}

void check_golden(const std::string& name, const std::vector<Step>& steps, std::string& last_save) {
  const std::string path = "tests/fixtures/sessions/" + name + ".golden.txt";
  std::string actual = transcript(steps, last_save);
  if (std::getenv("SOS_RECORD_GOLDEN")) {
    std::ofstream(std::string(SOS_SOURCE_DIR) + "/" + path, std::ios::binary) << actual;
    return;
  }
  std::string expected = read_source_file(path);
  ASSERT_FALSE(expected.empty()) << path;
  // Line by line, so a difference names its call.
  std::istringstream a(actual), e(expected);
  std::string a_line, e_line, call;
  while (std::getline(e, e_line)) {
    if (e_line.rfind("> ", 0) == 0) call = e_line;
    ASSERT_TRUE(static_cast<bool>(std::getline(a, a_line))) << "missing output after " << call;
    ASSERT_EQ(without_syntax_messages(a_line), without_syntax_messages(e_line)) << "after " << call;
  }
  EXPECT_FALSE(static_cast<bool>(std::getline(a, a_line))) << "extra output: " << a_line;
}

// Every session the recordings saved (with the nlohmann-based writer) restores
// in this build and saves again to the same text.
TEST(ViewGoldenTest, RecordedSavesRestore) {
  const std::pair<const char*, std::string> recordings[] = {
      {"basic", read_source_file("tests/fixtures/surveys/basic.json")},
      {"standard", read_source_file("surveys/standard/survey.json")},
      {"numbers", kNumbersSurvey},
  };
  int restored = 0;
  for (const auto& [name, survey] : recordings) {
    std::istringstream lines(read_source_file(std::string("tests/fixtures/sessions/") + name + ".golden.txt"));
    std::string line;
    bool after_save = false;
    while (std::getline(lines, line)) {
      if (after_save && line.rfind("{\"ok\":true,\"state\":", 0) == 0) {
        const std::string saved = nlohmann::json::parse(line)["state"].get<std::string>();
        JsonSession session;
        session.load(survey);
        ASSERT_NE(session.restore(saved).find("\"ok\":true"), std::string::npos) << saved;
        EXPECT_EQ(session.save(), line) << name;
        ++restored;
      }
      after_save = line == "> save";
    }
  }
  EXPECT_GE(restored, 20);
}

TEST(ViewGoldenTest, BasicSurveyAsRecorded) {
  std::string last;
  check_golden("basic", basic_script(), last);
}

TEST(ViewGoldenTest, StandardSurveyAsRecorded) {
  std::string last;
  check_golden("standard", standard_script(), last);
}

TEST(ViewGoldenTest, NumbersAsRecorded) {
  std::string last;
  check_golden("numbers", numbers_script(&last), last);
}

}  // namespace
}  // namespace sos
