// narrow_survey_to_language: the narrowed survey loads with the same
// structure and the same texts in its language, runs the same session to the
// same contribution, and bad input is refused with the loader's error or
// survey.unknown_language.
#include "sos/survey_narrow.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sos/contribution.h"
#include "test_support.h"

namespace sos {
namespace {

using testing::read_source_file;

// Calls `visit` with every localized text of the model and a name of its place.
void for_each_text(const Survey& s, const std::function<void(const std::string&, const Text&)>& visit) {
  for (const Role& role : s.roles) visit("role " + role.id, role.title);
  for (const Dimension& d : s.dimensions) {
    visit("dimension " + d.id + " title", d.title);
    visit("dimension " + d.id + " description", d.description);
    visit("dimension " + d.id + " strength", d.strength);
    for (const auto& [band, tips] : d.tips)
      for (std::size_t i = 0; i < tips.size(); ++i) visit("dimension " + d.id + " tip " + band + std::to_string(i), tips[i]);
  }
  for (const auto& [code, text] : s.messages) visit("message " + code, text);
  for (const Block& b : s.blocks) {
    visit("block " + b.id + " title", b.title);
    visit("block " + b.id + " description", b.description);
    visit("block " + b.id + " minLabel", b.min_label);
    visit("block " + b.id + " maxLabel", b.max_label);
  }
  for (const Question& q : s.questions) {
    visit("question " + q.id + " text", q.text);
    for (const auto& [role, text] : q.role_text) visit("question " + q.id + " roleText " + std::to_string(role), text);
    visit("question " + q.id + " help", q.help);
    visit("question " + q.id + " minLabel", q.min_label);
    visit("question " + q.id + " maxLabel", q.max_label);
    for (const Option& o : q.options) visit("question " + q.id + " option " + o.value, o.text);
    for (std::size_t i = 0; i < q.validators.size(); ++i)
      visit("question " + q.id + " validator " + std::to_string(i), q.validators[i].message);
  }
}

// Every text in `language`, one line per place (absent texts as "-").
std::string texts_in(const Survey& s, const std::string& language) {
  std::ostringstream out;
  for_each_text(s, [&](const std::string& place, const Text& text) {
    out << place << ": " << (text.empty() ? "-" : std::string(text.in(language, ""))) << "\n";
  });
  return out.str();
}

std::string condition(const std::optional<Expression>& e) { return e ? e->canonical() : "-"; }

// Everything of the model but its texts and languages.
std::string structure(const Survey& s) {
  std::ostringstream out;
  out << s.id << " " << s.version << "\n";
  for (const Role& r : s.roles) out << "role " << r.id << "\n";
  for (const GroupAttribute& a : s.group_attributes) {
    out << "attribute " << a.id << " " << static_cast<int>(a.type);
    for (const std::string& v : a.values) out << " " << v;
    out << "\n";
  }
  for (const Dimension& d : s.dimensions) {
    out << "dimension " << d.id << " " << condition(d.not_applicable_if);
    for (const auto& [band, tips] : d.tips) out << " " << band << "x" << tips.size();
    out << "\n";
  }
  for (const ScoreBand& b : s.score_bands) out << "band " << b.id << " " << (b.max ? *b.max : -1) << "\n";
  for (const Block& b : s.blocks) {
    out << "block " << static_cast<int>(b.kind) << " " << b.id << " " << b.pointer << " " << condition(b.visible_if)
        << " parent " << b.parent << " na " << b.not_applicable << " req " << b.required << " roles";
    for (int r : b.roles) out << " " << r;
    out << " children";
    for (const ElementRef& c : b.children) out << " " << c.is_block << ":" << c.index;
    out << "\n";
  }
  for (int page : s.pages) out << "page " << page << "\n";
  for (const Question& q : s.questions) {
    out << "question " << q.id << " " << q.pointer << " " << question_type_name(q.type) << " req " << q.required
        << " " << condition(q.required_if) << " " << condition(q.visible_if) << " block " << q.block << " page "
        << q.page << " matrix " << q.matrix << " na " << q.not_applicable << " min " << q.min << " max " << q.max
        << " decimals " << q.decimals << " length " << q.max_length << " selected " << q.min_selected << "-"
        << q.max_selected;
    if (q.score) out << " score " << q.score->dimension << " " << q.score->reverse << " " << q.score->weight;
    for (int r : q.roles) out << " role " << r;
    for (const auto& [role, text] : q.role_text) out << " roleText " << role;
    for (const Option& o : q.options) out << " option " << o.value;
    for (const Validator& v : q.validators) out << " validator " << v.expression.canonical();
    out << "\n";
  }
  for (const ElementRef& e : s.evaluation_order) out << "evaluate " << e.is_block << ":" << e.index << "\n";
  return out.str();
}

std::vector<std::string> warnings(const LoadResult& loaded) {
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.diagnostics) out.push_back(d.to_string());
  return out;
}

// Answers every visible question of every page the same way on any survey
// of the same structure, moving on page by page, and returns the session.
Session answer_all(std::shared_ptr<const Survey> survey, const SessionStart& start) {
  auto started = Session::start(survey, start);
  EXPECT_TRUE(started.ok()) << started.error().to_string();
  Session session = std::move(started).value();
  for (int guard = 0; guard < 1000; ++guard) {
    const Survey& s = session.survey();
    for (std::size_t i = 0; i < s.questions.size(); ++i) {
      const Question& q = s.questions[i];
      if (q.page != session.current_page() || !session.question_visible(static_cast<int>(i))) continue;
      std::string value;
      switch (q.type) {
        case QuestionType::likert: value = std::to_string(1 + i % 5); break;
        case QuestionType::choice: value = "\"" + q.options[i % q.options.size()].value + "\""; break;
        case QuestionType::multichoice: value = "[\"" + q.options[0].value + "\"]"; break;
        case QuestionType::number: value = std::to_string(static_cast<long long>(q.min)); break;
        case QuestionType::comment: value = "\"ok\""; break;
      }
      auto set = session.set_answer(q.id, value);
      EXPECT_TRUE(set.ok()) << q.id << " " << set.error().to_string();
    }
    if (session.on_last_page()) break;
    PageMove move = session.next();
    EXPECT_TRUE(move.moved) << (move.messages.empty() ? "" : move.messages[0].text);
    if (!move.moved) break;
  }
  EXPECT_TRUE(session.complete());
  return session;
}

struct Case {
  const char* file;
  const char* language;
  const char* role;
  const char* group;
};

const Case kCases[] = {
    {"tests/fixtures/surveys/basic.json", "en", "seller", testing::kAllGroupOn},
    {"tests/fixtures/surveys/basic.json", "sv", "manager", testing::kAllGroupOff},
    {"tests/fixtures/surveys/basic.json", "nb", "seller", testing::kAllGroupOff},
    {"surveys/standard/survey.json", "sv", "seller", R"({"performance_pay": true, "selling": "complex", "field_visits": true})"},
    {"surveys/standard/survey.json", "en", "manager", R"({"performance_pay": false, "selling": "volume", "field_visits": true})"},
    {"surveys/standard/survey.json", "nb", "seller", R"({"performance_pay": true, "selling": "volume", "field_visits": false})"},
};

TEST(NarrowSurvey, KeepsStructureAndTheLanguagesTextsOfEveryBundledCase) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.file) + " " + c.language);
    const std::string full_text = read_source_file(c.file);
    LoadResult full = load_survey(full_text);
    ASSERT_TRUE(full.ok());
    auto narrowed = narrow_survey_to_language(full_text, c.language);
    ASSERT_TRUE(narrowed.ok()) << narrowed.error().to_string();
    LoadResult narrow = load_survey(narrowed.value());
    ASSERT_TRUE(narrow.ok()) << (narrow.diagnostics.empty() ? "" : narrow.diagnostics[0].to_string());

    EXPECT_EQ(narrow.survey->languages, std::vector<std::string>{c.language});
    EXPECT_EQ(narrow.survey->fallback_language, c.language);
    EXPECT_EQ(structure(*narrow.survey), structure(*full.survey));
    EXPECT_EQ(texts_in(*narrow.survey, c.language), texts_in(*full.survey, c.language));
    EXPECT_EQ(warnings(narrow), warnings(full));
    for_each_text(*narrow.survey, [&](const std::string& place, const Text& text) {
      EXPECT_LE(text.by_language.size(), 1u) << place;
    });

    // Compact, members in the source's order, and the same fields otherwise:
    // the full survey with the other languages' entries dropped reads the same.
    EXPECT_EQ(nlohmann::ordered_json::parse(narrowed.value()).dump(), narrowed.value());
    EXPECT_LT(narrowed.value().size(), full_text.size());
    auto again = narrow_survey_to_language(narrowed.value(), c.language);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value(), narrowed.value());
  }
}

TEST(NarrowSurvey, AScriptedSessionGivesTheSameContributionAndMovesOntoTheFullSurvey) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.file) + " " + c.language);
    const std::string full_text = read_source_file(c.file);
    auto full = testing::load_or_fail(full_text);
    auto narrowed = narrow_survey_to_language(full_text, c.language);
    ASSERT_TRUE(narrowed.ok());
    auto narrow = testing::load_or_fail(narrowed.value());
    ASSERT_TRUE(full && narrow);
    SessionStart start{c.role, c.language, c.group};
    Session on_full = answer_all(full, start);
    Session on_narrow = answer_all(narrow, start);
    EXPECT_EQ(contribution_statistics(on_narrow), contribution_statistics(on_full));
    EXPECT_EQ(on_narrow.save(), on_full.save());

    // The app's move: saved on the narrowed survey, restored on the full one,
    // where every language can be chosen again.
    auto moved = Session::restore(full, on_narrow.save());
    ASSERT_TRUE(moved.ok()) << moved.error().to_string();
    EXPECT_EQ(contribution_statistics(moved.value()), contribution_statistics(on_full));
    for (const std::string& language : full->languages) {
      moved.value().set_language(language);
      EXPECT_EQ(moved.value().language(), language);
    }
  }
}

// Role and band ids may look like language codes: only texts are narrowed,
// found where the loader reads texts, never by the look of a key.
TEST(NarrowSurvey, IdsThatLookLikeLanguageCodesAreNotTexts) {
  const std::string survey = R"({"format": "sos-survey/1", "id": "tricky", "version": "1",
    "languages": ["en", "sv"], "fallbackLanguage": "sv",
    "roles": [{"id": "sv", "title": {"en": "Seller", "sv": "Säljare"}},
              {"id": "en", "title": {"sv": "Chef", "en": "Manager"}}],
    "scoreBands": [{"id": "en", "max": 3.7}, {"id": "sv"}],
    "dimensions": [{"id": "goals", "title": {"en": "Goals", "sv": "Mål"}, "description": {"en": "D", "sv": "B"},
                    "tips": {"en": [{"en": "Low tip", "sv": "Lågt tips"}], "sv": [{"en": "High tip", "sv": "Högt tips"}]}}],
    "messages": {"required": {"en": "Please answer", "sv": "Svara"}},
    "pages": [{"id": "p1", "title": {"en": "P", "sv": "S"}, "elements": [
      {"type": "likert", "id": "q1", "text": {"en": "Q1", "sv": "F1"}, "roleText": {"sv": {"en": "Q1 sv", "sv": "F1 sv"}},
       "score": {"dimension": "goals"}},
      {"type": "choice", "id": "q2", "text": {"en": "Q2", "sv": "F2"},
       "options": [{"value": "en", "text": {"en": "One", "sv": "Ett"}}, {"value": "sv", "text": {"en": "Two", "sv": "Två"}}],
       "validators": [{"expression": "{q2} != 'sv'", "message": {"en": "Not two", "sv": "Inte två"}}]},
      {"type": "matrix", "id": "m1", "text": {"en": "M", "sv": "M"}, "minLabel": {"en": "low", "sv": "låg"},
       "rows": [{"id": "r1", "text": {"en": "R1", "sv": "R1"}, "roleText": {"en": {"en": "R1 en", "sv": "R1 sv"}},
                 "score": {"dimension": "goals"}}]}]}]})";
  auto narrowed = narrow_survey_to_language(survey, "en");
  ASSERT_TRUE(narrowed.ok()) << narrowed.error().to_string();
  EXPECT_EQ(narrowed.value(),
            R"({"format":"sos-survey/1","id":"tricky","version":"1","languages":["en"],"fallbackLanguage":"en",)"
            R"("roles":[{"id":"sv","title":{"en":"Seller"}},{"id":"en","title":{"en":"Manager"}}],)"
            R"("scoreBands":[{"id":"en","max":3.7},{"id":"sv"}],)"
            R"("dimensions":[{"id":"goals","title":{"en":"Goals"},"description":{"en":"D"},)"
            R"("tips":{"en":[{"en":"Low tip"}],"sv":[{"en":"High tip"}]}}],)"
            R"("messages":{"required":{"en":"Please answer"}},)"
            R"("pages":[{"id":"p1","title":{"en":"P"},"elements":[)"
            R"({"type":"likert","id":"q1","text":{"en":"Q1"},"roleText":{"sv":{"en":"Q1 sv"}},"score":{"dimension":"goals"}},)"
            R"({"type":"choice","id":"q2","text":{"en":"Q2"},)"
            R"("options":[{"value":"en","text":{"en":"One"}},{"value":"sv","text":{"en":"Two"}}],)"
            R"("validators":[{"expression":"{q2} != 'sv'","message":{"en":"Not two"}}]},)"
            R"({"type":"matrix","id":"m1","text":{"en":"M"},"minLabel":{"en":"low"},)"
            R"("rows":[{"id":"r1","text":{"en":"R1"},"roleText":{"en":{"en":"R1 en"}},"score":{"dimension":"goals"}}]}]}]})");
}

TEST(NarrowSurvey, StringsKeepTheirEscapesAndNumbersTheirSpelling) {
  nlohmann::json s = testing::minimal_survey();
  std::string text = s.dump();
  // Spelled as a person might write them; nothing is re-encoded.
  std::string escaped = R"({"en": "Q\u00e4 \"1\"", "sv": "F1"})";
  text.replace(text.find(R"({"en":"Q1","sv":"F1"})"), 21, escaped);
  text.replace(text.find(R"("version":"1")"), 13, R"("version":"1", "$schema": "x.json")");
  auto narrowed = narrow_survey_to_language(text, "en");
  ASSERT_TRUE(narrowed.ok()) << narrowed.error().to_string();
  EXPECT_NE(narrowed.value().find(R"("text":{"en":"Q\u00e4 \"1\""})"), std::string::npos) << narrowed.value();
  EXPECT_NE(narrowed.value().find(R"("$schema":"x.json")"), std::string::npos) << narrowed.value();
}

struct Refused {
  const char* name;
  std::function<std::string()> survey;
  const char* language;
  const char* code;
  const char* pointer;
};

TEST(NarrowSurvey, RefusesWithTheExactCodeAndPointer) {
  auto basic = [] { return read_source_file("tests/fixtures/surveys/basic.json"); };
  auto minimal_with = [](const std::function<void(nlohmann::json&)>& change) {
    return [change] {
      nlohmann::json s = testing::minimal_survey();
      change(s);
      return s.dump();
    };
  };
  const Refused cases[] = {
      {"a language the survey does not offer", basic, "de", "survey.unknown_language", "/languages"},
      {"an empty language", basic, "", "survey.unknown_language", "/languages"},
      {"a language in capitals", basic, "EN", "survey.unknown_language", "/languages"},
      {"not JSON", [] { return std::string("{\"format\": "); }, "en", "json.parse_error", ""},
      {"another format", minimal_with([](nlohmann::json& s) { s["format"] = "sos-survey/2"; }), "en",
       "survey.bad_format", "/format"},
      {"a missing translation", minimal_with([](nlohmann::json& s) { s["pages"][0]["title"].erase("sv"); }), "en",
       "survey.missing_translation", "/pages/0/title"},
      {"an unknown field", minimal_with([](nlohmann::json& s) { s["pages"][0]["elements"][1]["txt"] = "x"; }), "sv",
       "survey.unknown_field", "/pages/0/elements/1/txt"},
  };
  for (const Refused& c : cases) {
    SCOPED_TRACE(c.name);
    auto narrowed = narrow_survey_to_language(c.survey(), c.language);
    ASSERT_FALSE(narrowed.ok());
    EXPECT_EQ(narrowed.error().code, c.code) << narrowed.error().to_string();
    EXPECT_EQ(narrowed.error().pointer, c.pointer) << narrowed.error().to_string();
  }
  auto offered = narrow_survey_to_language(basic(), "de");
  EXPECT_EQ(offered.error().message, "\"de\" is not one of the survey's languages (en, sv, nb)");
}

}  // namespace
}  // namespace sos
