// Tests for the JSON views of a session and JsonSession (view.h), on the
// fixture survey tests/fixtures/surveys/basic.json.
#include "sos/view.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sos {
namespace {

using nlohmann::json;

std::string fixture_text() {
  std::ifstream in(std::string(SOS_SOURCE_DIR) + "/tests/fixtures/surveys/basic.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::shared_ptr<const Survey> fixture() {
  static const std::shared_ptr<const Survey> survey = load_survey(fixture_text()).survey;
  return survey;
}

Session start(std::string role, std::string language, std::string group) {
  auto session = Session::start(fixture(), {std::move(role), std::move(language), std::move(group)});
  EXPECT_TRUE(session.ok()) << session.error().to_string();
  return std::move(session).value();
}

constexpr const char* kAllGroup = R"({"performance_pay":true,"selling":"volume","field_visits":true})";
constexpr const char* kNoVisits = R"({"performance_pay":false,"selling":"complex","field_visits":false})";

// The ids of the visible elements of a page, panels and matrices with their
// children in brackets: "goals_clear goals_followed pn_pay[pay_fair]".
std::string outline(const json& elements) {
  std::string out;
  for (const json& e : elements) {
    if (!out.empty()) out += " ";
    out += e["id"].get<std::string>();
    const std::string kind = e.value("kind", "row");
    if (kind == "panel") out += "[" + outline(e["elements"]) + "]";
    if (kind == "matrix") out += "[" + outline(e["rows"]) + "]";
  }
  return out;
}

void answer(Session& s, const char* id, const char* value) {
  auto r = s.set_answer(id, value);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
}

TEST(SurveyInfoTest, RolesAndLanguages) {
  json info = json::parse(survey_info_json(*fixture(), "sv"));
  EXPECT_EQ(info["id"], "fixture_basic");
  EXPECT_EQ(info["version"], "3");
  EXPECT_EQ(info["language"], "sv");
  EXPECT_EQ(info["languages"], json({"en", "sv", "nb"}));
  EXPECT_EQ(info["roles"], json::parse(R"([{"id":"seller","title":"Säljare"},{"id":"manager","title":"Säljchef"}])"));
  EXPECT_EQ(info["groupAttributes"][1],
            json::parse(R"({"id":"selling","type":"choice","values":["complex","volume"]})"));
  // A language the survey does not offer falls back.
  EXPECT_EQ(json::parse(survey_info_json(*fixture(), "de"))["language"], "en");
}

TEST(PageViewTest, OutlineFollowsGroupAttributesAndRole) {
  struct Row {
    const char* role;
    const char* group;
    const char* outline;
    int page_count;
  };
  const Row rows[] = {
      {"seller", kAllGroup, "goals_clear goals_followed goals_unfair pn_pay[pay_fair]", 4},
      {"seller", kNoVisits, "goals_clear goals_followed goals_unfair", 3},
      {"manager", kAllGroup, "goals_clear goals_followed goals_unfair pn_pay[pay_fair]", 4},
  };
  for (const Row& row : rows) {
    Session s = start(row.role, "en", row.group);
    json view = json::parse(page_view_json(s));
    EXPECT_EQ(outline(view["elements"]), row.outline) << row.role << " " << row.group;
    EXPECT_EQ(view["page"]["count"], row.page_count) << row.group;
    EXPECT_EQ(view["page"]["number"], 1);
  }
}

TEST(PageViewTest, LikertTextsInLanguageAndRole) {
  Session s = start("manager", "sv", kAllGroup);
  json view = json::parse(page_view_json(s));
  EXPECT_EQ(view["language"], "sv");
  EXPECT_EQ(view["role"], json::parse(R"({"id":"manager","title":"Säljchef"})"));
  EXPECT_EQ(view["page"]["id"], "p_goals");
  EXPECT_EQ(view["page"]["title"], "Mål");
  const json& goals_clear = view["elements"][0];
  EXPECT_EQ(goals_clear, json::parse(R"({
    "kind":"question","id":"goals_clear","type":"likert","text":"Mina säljares mål är tydliga.","help":"",
    "required":true,"answer":null,
    "scale":{"min":1,"max":5,"minLabel":"Stämmer inte alls","maxLabel":"Stämmer helt",
             "notApplicable":true,"notApplicableLabel":"Vet inte / ej tillämpligt"}})"));
  EXPECT_EQ(view["elements"][2]["scale"]["notApplicable"], false);
  EXPECT_EQ(view["elements"][3]["title"], "Lön");
  EXPECT_EQ(view["navigation"], json::parse(R"({"previous":false,"next":true,"last":false})"));
  EXPECT_EQ(view["progress"], json::parse(R"({"answered":0,"required":5,"percent":0})"));

  // The language changes, the answers stay.
  answer(s, "goals_clear", "4");
  s.set_language("nb");
  view = json::parse(page_view_json(s));
  EXPECT_EQ(view["elements"][0]["text"], "Selgernes mål er tydelige.");
  EXPECT_EQ(view["elements"][0]["answer"], 4);
  EXPECT_EQ(view["elements"][0]["scale"]["maxLabel"], "Stemmer helt");
  EXPECT_EQ(view["progress"]["percent"], 20);
}

TEST(PageViewTest, SecondPageRevealsMatrixAndRequiresNumber) {
  Session s = start("seller", "en", kAllGroup);
  for (const char* id : {"goals_clear", "goals_followed", "pay_fair"}) answer(s, id, "3");
  ASSERT_TRUE(s.next().moved);
  json view = json::parse(page_view_json(s));
  EXPECT_EQ(view["page"]["number"], 2);
  EXPECT_EQ(outline(view["elements"]), "coached kpis meetings_week");
  EXPECT_EQ(view["navigation"], json::parse(R"({"previous":true,"next":true,"last":false})"));
  EXPECT_EQ(view["elements"][0]["options"],
            json::parse(R"([{"value":"yes","text":"Yes"},{"value":"no","text":"No"}])"));
  EXPECT_EQ(view["elements"][1]["minSelected"], 1);
  EXPECT_EQ(view["elements"][1]["maxSelected"], 2);
  const json& number = view["elements"][2];
  EXPECT_EQ(number["min"], 0);
  EXPECT_EQ(number["max"], 50);
  EXPECT_EQ(number["decimals"], 1);
  EXPECT_EQ(number["step"], "0.1");
  EXPECT_EQ(number["required"], false);

  answer(s, "coached", "\"yes\"");
  answer(s, "kpis", R"(["meetings"])");
  view = json::parse(page_view_json(s));
  EXPECT_EQ(outline(view["elements"]), "coached m_coaching[coach_regular coach_useful] kpis meetings_week");
  const json& matrix = view["elements"][1];
  EXPECT_EQ(matrix["title"], "About the coaching");
  EXPECT_EQ(matrix["scale"]["notApplicable"], false);
  EXPECT_EQ(matrix["rows"][0],
            json::parse(R"({"id":"coach_regular","text":"It is regular.","required":true,"answer":null})"));
  EXPECT_EQ(view["elements"][3]["required"], true);  // requiredIf: kpis contains 'meetings'

  answer(s, "coached", "\"no\"");
  view = json::parse(page_view_json(s));
  EXPECT_EQ(outline(view["elements"]), "coached kpis meetings_week");
}

TEST(PageViewTest, LastPageAndCommentLength) {
  Session s = start("seller", "en", kNoVisits);
  for (const char* id : {"goals_clear", "goals_followed"}) answer(s, id, "5");
  ASSERT_TRUE(s.next().moved);
  answer(s, "coached", "\"no\"");
  answer(s, "kpis", R"(["calls"])");
  ASSERT_TRUE(s.next().moved);  // the visits page is hidden for this group
  json view = json::parse(page_view_json(s));
  EXPECT_EQ(view["page"]["id"], "p_comment");
  EXPECT_EQ(view["page"]["number"], 3);
  EXPECT_EQ(view["page"]["count"], 3);
  EXPECT_EQ(view["elements"][0]["maxLength"], 200);
  EXPECT_EQ(view["navigation"], json::parse(R"({"previous":true,"next":false,"last":true})"));
}

TEST(ReviewTest, AnswersReadBackInLanguage) {
  Session s = start("seller", "sv", kAllGroup);
  answer(s, "goals_clear", "\"na\"");
  answer(s, "goals_followed", "4");
  answer(s, "pay_fair", "2");
  answer(s, "coached", "\"yes\"");
  answer(s, "coach_regular", "5");
  answer(s, "kpis", R"(["meetings","calls"])");
  answer(s, "meetings_week", "2.5");
  answer(s, "free_words", "\"Bra\"");
  json review = json::parse(review_json(s));
  EXPECT_EQ(review["complete"], false);
  EXPECT_EQ(review["messages"], json::parse(R"([
    {"question":"coach_useful","code":"required","text":"Besvara frågan, tack.",
     "questionText":"Den är användbar.","page":1,"pageTitle":"Coachning"},
    {"question":"visits_planned","code":"required","text":"Besvara frågan, tack.",
     "questionText":"Medresor planeras.","page":2,"pageTitle":"Besök"}])"));
  ASSERT_EQ(review["pages"].size(), 4u);
  const json& goals = review["pages"][0]["items"];
  ASSERT_EQ(goals.size(), 3u);
  EXPECT_EQ(goals[0]["answerText"], "Vet inte / ej tillämpligt");
  EXPECT_EQ(goals[1]["answerText"], "4 / 5");
  const json& coaching = review["pages"][1]["items"];
  ASSERT_EQ(coaching.size(), 4u);
  EXPECT_EQ(coaching[0]["answerText"], "Ja");
  EXPECT_EQ(coaching[1]["context"], "Om coachningen");
  EXPECT_EQ(coaching[1]["text"], "Den är regelbunden.");
  EXPECT_EQ(coaching[2]["answerText"], "Möten, Samtal");
  EXPECT_EQ(coaching[2]["answer"], json({"meetings", "calls"}));
  EXPECT_EQ(coaching[3]["answerText"], "2,5");
  EXPECT_EQ(review["pages"][2]["items"].size(), 0u);
  EXPECT_EQ(review["pages"][3]["items"][0]["answerText"], "Bra");

  s.set_language("en");
  review = json::parse(review_json(s));
  EXPECT_EQ(review["pages"][1]["items"][3]["answerText"], "2.5");
}

TEST(ProfileTest, ScoresWithOneDecimalAndNotApplicable) {
  Session s = start("seller", "sv", kNoVisits);
  answer(s, "goals_clear", "4");
  answer(s, "goals_followed", "3");  // weight 2
  answer(s, "goals_unfair", "2");    // reversed: 4
  json profile = json::parse(profile_json(s));
  ASSERT_EQ(profile["dimensions"].size(), 3u);
  // (4 + 2*3 + 4) / 4 = 3.5
  EXPECT_EQ(profile["dimensions"][0], json::parse(R"({"id":"goals","title":"Mål","description":"Testfixtur: mål.",
    "applies":true,"items":3,"score":3.5,"scoreText":"3,5"})"));
  EXPECT_EQ(profile["dimensions"][1]["score"], nullptr);
  EXPECT_EQ(profile["dimensions"][1]["applies"], true);
  EXPECT_EQ(profile["dimensions"][2]["applies"], false);
  EXPECT_EQ(profile["dimensions"][2]["title"], "Medresor");
  EXPECT_EQ(profile["notApplicableLabel"], "Vet inte / ej tillämpligt");

  answer(s, "goals_unfair", "1");  // reversed: 5 -> 15/4 = 3.75, shown 3.8
  s.set_language("en");
  profile = json::parse(profile_json(s));
  EXPECT_EQ(profile["dimensions"][0]["score"], 3.75);
  EXPECT_EQ(profile["dimensions"][0]["scoreText"], "3.8");
}

TEST(JsonSessionTest, ErrorsAsValues) {
  JsonSession js;
  struct Row {
    std::string name, result, code, pointer;
  };
  std::vector<Row> rows;
  auto add = [&](std::string name, std::string result) {
    json r = json::parse(result);
    EXPECT_EQ(r["ok"], false) << name;
    rows.push_back({name, result, r["error"]["code"], r["error"]["pointer"]});
  };
  add("start before load", js.start("seller", "en", "{}"));
  add("page before start", [&] {
    js.load(fixture_text());
    return js.page_view();
  }());
  add("unknown role", js.start("boss", "en", kAllGroup));
  add("missing attribute", js.start("seller", "en", R"({"performance_pay":true,"selling":"volume"})"));
  add("bad attribute", js.start("seller", "en", R"({"performance_pay":1,"selling":"volume","field_visits":true})"));
  add("group not json", js.start("seller", "en", "{"));
  add("restore garbage", js.restore(R"({"format":"other"})"));
  json started = json::parse(js.start("seller", "xx", kAllGroup));
  EXPECT_EQ(started, json::parse(R"({"ok":true,"language":"en"})"));
  add("unknown question", js.set_answer("nope", "1"));
  add("out of range", js.set_answer("goals_clear", "6"));
  add("no na", js.set_answer("goals_followed", "\"na\""));
  add("not json", js.set_answer("goals_clear", "four"));
  add("hidden", js.set_answer("coach_regular", "3"));
  add("validate unknown", js.validate_question("nope"));
  add("incomplete", js.build_submission(std::string(16, 'x')));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"survey.not_loaded", ""},
      {"session.not_started", ""},
      {"session.unknown_role", "/role"},
      {"session.missing_group_attribute", "/group/field_visits"},
      {"session.bad_group_attribute", "/group/performance_pay"},
      {"session.bad_group", "/group"},
      {"session.bad_state", "/format"},
      {"answer.unknown_question", "/answers/nope"},
      {"answer.out_of_range", "/answers/goals_clear"},
      {"answer.out_of_range", "/answers/goals_followed"},
      {"answer.type_error", "/answers/goals_clear"},
      {"answer.hidden", "/answers/coach_regular"},
      {"answer.unknown_question", "/answers/nope"},
      {"session.incomplete", "/answers/goals_clear"},
  };
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].code, expected[i].first) << rows[i].name << ": " << rows[i].result;
    EXPECT_EQ(rows[i].pointer, expected[i].second) << rows[i].name;
  }
}

TEST(AnswerErrorTextTest, RefusedAnswersInLanguage) {
  struct Row {
    const char* language;
    const char* question;
    const char* value;
    const char* code;
    const char* text;
  };
  const Row rows[] = {
      {"sv", "meetings_week", "60", "answer.out_of_range", "Ange ett tal från 0 till 50."},
      {"en", "meetings_week", "\"many\"", "answer.type_error", "Enter a number from 0 to 50."},
      {"nb", "meetings_week", "2.25", "answer.too_precise", "Bruk høyst 1 desimaler."},
      {"sv", "kpis", R"(["meetings","calls","win_rate"])", "answer.too_many", "Välj högst 2."},
      {"en", "free_words", nullptr, "answer.too_long", "Keep it to 200 characters."},
      {"en", "goals_followed", "7", "answer.out_of_range", "must be a whole number from 1 to 5, but is 7"},
  };
  for (const Row& row : rows) {
    JsonSession js;
    js.load(fixture_text());
    js.start("seller", row.language, kAllGroup);
    for (const char* id : {"goals_clear", "goals_followed", "pay_fair"}) js.set_answer(id, "3");
    js.next();
    js.set_answer("coached", "\"no\"");
    js.set_answer("kpis", R"(["calls"])");
    js.next();
    js.set_answer("visits_planned", "3");
    js.next();
    std::string value = row.value ? row.value : json(std::string(201, 'x')).dump();
    json r = json::parse(js.set_answer(row.question, value));
    EXPECT_EQ(r["error"]["code"], row.code) << row.question << " " << value;
    EXPECT_EQ(r["error"]["pointer"], std::string("/answers/") + row.question);
    EXPECT_EQ(r["error"]["text"], row.text) << row.question;
  }
}

TEST(JsonSessionTest, InvalidSurveyGivesDiagnostics) {
  JsonSession js;
  json r = json::parse(js.load(R"({"format":"sos-survey/1","id":"Bad"})"));
  EXPECT_EQ(r["ok"], false);
  EXPECT_EQ(r["error"]["code"], "survey.invalid");
  ASSERT_FALSE(r["diagnostics"].empty());
  EXPECT_EQ(r["diagnostics"][0]["severity"], "error");
  EXPECT_EQ(r["diagnostics"][0]["code"], "survey.bad_id");
  EXPECT_EQ(r["diagnostics"][0]["pointer"], "/id");
  EXPECT_EQ(json::parse(js.start("seller", "en", "{}"))["error"]["code"], "survey.not_loaded");
  r = json::parse(js.load("{"));
  EXPECT_EQ(r["diagnostics"][0]["code"], "json.parse_error");
}

TEST(JsonSessionTest, WholeSessionSaveRestoreAndSubmit) {
  JsonSession js;
  json loaded = json::parse(js.load(fixture_text()));
  ASSERT_EQ(loaded["ok"], true);
  EXPECT_EQ(loaded["survey"]["roles"][0]["title"], "Seller");
  EXPECT_EQ(json::parse(js.survey_info("nb"))["view"]["roles"][1]["title"], "Salgssjef");
  ASSERT_EQ(json::parse(js.start("seller", "sv", kAllGroup))["ok"], true);

  json move = json::parse(js.next());
  EXPECT_EQ(move["moved"], false);
  EXPECT_EQ(move["messages"].size(), 3u);
  EXPECT_EQ(move["messages"][0],
            json::parse(R"({"question":"goals_clear","code":"required","text":"Besvara frågan, tack."})"));
  for (const char* id : {"goals_clear", "goals_followed", "pay_fair"})
    EXPECT_EQ(json::parse(js.set_answer(id, "4"))["ok"], true);
  EXPECT_EQ(json::parse(js.validate_page())["messages"], json::array());
  EXPECT_EQ(json::parse(js.next())["moved"], true);

  json changes = json::parse(js.set_answer("coached", "\"yes\""));
  EXPECT_EQ(changes["changes"]["shown"], json({"coach_regular", "coach_useful"}));
  EXPECT_EQ(json::parse(js.set_answer("coach_regular", "5"))["ok"], true);
  changes = json::parse(js.set_answer("coached", "\"no\""));
  EXPECT_EQ(changes["changes"]["hidden"], json({"coach_regular", "coach_useful"}));
  EXPECT_EQ(changes["changes"]["cleared"], json({"coach_regular"}));
  js.set_answer("kpis", R"(["meetings"])");
  js.set_answer("meetings_week", "45");
  json messages = json::parse(js.validate_question("meetings_week"))["messages"];
  EXPECT_EQ(messages[0]["code"], "validator");
  EXPECT_EQ(messages[0]["text"], "Verkligen fler än 40?");
  js.set_answer("meetings_week", "12");
  EXPECT_EQ(json::parse(js.next())["moved"], true);

  // Save, restore into a fresh object: same page, same answers.
  std::string state = json::parse(js.save())["state"];
  JsonSession again;
  again.load(fixture_text());
  ASSERT_EQ(json::parse(again.restore(state))["ok"], true);
  json page = json::parse(again.page_view())["view"];
  EXPECT_EQ(page["page"]["id"], "p_visits");
  EXPECT_EQ(json::parse(again.set_language("en"))["language"], "en");
  EXPECT_EQ(json::parse(again.previous())["moved"], true);
  page = json::parse(again.page_view())["view"];
  EXPECT_EQ(page["elements"][2]["answer"], 12);
  EXPECT_EQ(json::parse(again.next())["moved"], true);
  for (const char* id : {"visits_planned", "visits_feedback"}) again.set_answer(id, "2");
  EXPECT_EQ(json::parse(again.next())["moved"], true);
  again.set_answer("free_words", "\"Thanks\"");
  EXPECT_EQ(json::parse(again.next())["moved"], false);  // last page: nothing to move to
  EXPECT_EQ(json::parse(again.validate_all())["messages"], json::array());
  EXPECT_EQ(json::parse(again.review_view())["view"]["complete"], true);
  EXPECT_EQ(json::parse(again.progress())["percent"], 100);

  ASSERT_EQ(again.submission_entropy_bytes(), 32);
  json short_entropy = json::parse(again.build_submission(std::string(16, '\x01')));
  EXPECT_EQ(short_entropy["error"]["code"], "submission.entropy");
  std::string entropy(16, '\xab');
  entropy += std::string(16, '\xcd');
  json submission = json::parse(again.build_submission(entropy));
  ASSERT_EQ(submission["ok"], true) << submission.dump();
  json contribution = json::parse(submission["contribution"].get<std::string>());
  EXPECT_EQ(contribution["format"], "sos-contribution/1");
  EXPECT_EQ(contribution["submission"], "abababababababababababababababab");
  EXPECT_EQ(contribution.dump().find("Thanks"), std::string::npos);
  ASSERT_EQ(submission["comments"].size(), 1u);
  json comment = json::parse(submission["comments"][0].get<std::string>());
  EXPECT_EQ(comment["text"], "Thanks");
  EXPECT_EQ(comment["id"], "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
  EXPECT_EQ(json::parse(again.profile_view())["view"]["dimensions"][2]["scoreText"], "2.0");
}

}  // namespace
}  // namespace sos
