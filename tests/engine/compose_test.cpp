// Tests of sos/compose.h: composing customer surveys from the bundled
// standard survey and battery, the battery check, and every rejection with
// its exact code and pointer into the file at fault.
#include "sos/compose.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <tuple>

#include "answer_time.h"
#include "sos/session.h"
#include "sos/survey.h"
#include "test_support.h"

namespace sos {
namespace {

using nlohmann::json;
using testing::read_source_file;

const std::string& standard_text() {
  static const std::string text = read_source_file("surveys/standard/survey.json");
  return text;
}
const std::string& battery_text() {
  static const std::string text = read_source_file("surveys/standard/battery.json");
  return text;
}
json example_customer() { return json::parse(read_source_file("surveys/customers/example-customer.json")); }

ComposeResult compose(const json& customer) { return compose_survey(standard_text(), battery_text(), customer.dump()); }

using Found = std::tuple<std::string, std::string, std::string>;  // file, code, pointer

std::vector<Found> errors_of(const std::vector<ComposeDiagnostic>& diagnostics) {
  std::vector<Found> out;
  for (const ComposeDiagnostic& d : diagnostics)
    if (d.diagnostic.severity == Severity::error)
      out.emplace_back(to_string(d.file), d.diagnostic.error.code, d.diagnostic.error.pointer);
  return out;
}

std::string printed(const std::vector<ComposeDiagnostic>& diagnostics) {
  std::string out;
  for (const ComposeDiagnostic& d : diagnostics) out += std::string(to_string(d.file)) + ": " + d.diagnostic.to_string() + "\n";
  return out;
}

std::shared_ptr<const Survey> load_composed(const ComposeResult& result) {
  LoadResult loaded = load_survey(result.survey_json);
  for (const Diagnostic& d : loaded.diagnostics) ADD_FAILURE() << d.to_string();
  return loaded.survey;
}

// --- Composing the example customer --------------------------------------

TEST(Compose, ExampleCustomerComposesIntoALoadableSurvey) {
  ComposeResult result = compose(example_customer());
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  EXPECT_TRUE(result.diagnostics.empty()) << printed(result.diagnostics);
  auto survey = load_composed(result);
  ASSERT_TRUE(survey);
  EXPECT_EQ(survey->id, "acme_2026");
  EXPECT_EQ(survey->version, "2026.1+1");
  EXPECT_EQ(survey->languages, (std::vector<std::string>{"sv", "en"}));
  EXPECT_EQ(survey->fallback_language, "en");
  json doc = json::parse(result.survey_json);
  EXPECT_FALSE(doc.contains("$schema"));
}

TEST(Compose, KeepsEveryStandardIdTextConditionAndScore) {
  auto standard = testing::load_or_fail(standard_text());
  ComposeResult result = compose(example_customer());
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  auto composed = load_composed(result);
  ASSERT_TRUE(standard && composed);
  ASSERT_EQ(composed->dimensions.size(), standard->dimensions.size());
  for (std::size_t d = 0; d < standard->dimensions.size(); ++d) {
    const Dimension& a = standard->dimensions[d];
    const Dimension& b = composed->dimensions[d];
    EXPECT_EQ(a.id, b.id);
    for (const char* language : {"sv", "en"}) {
      EXPECT_EQ(a.title.in(language, ""), b.title.in(language, "")) << a.id;
      EXPECT_EQ(a.strength.in(language, ""), b.strength.in(language, "")) << a.id;
    }
    EXPECT_EQ(a.tips.size(), b.tips.size()) << a.id;
    EXPECT_EQ(a.not_applicable_if.has_value(), b.not_applicable_if.has_value()) << a.id;
    if (a.not_applicable_if) {
      EXPECT_EQ(a.not_applicable_if->source(), b.not_applicable_if->source());
    }
  }
  ASSERT_EQ(composed->pages.size(), standard->pages.size() + 1);
  for (std::size_t p = 0; p < standard->pages.size(); ++p)
    EXPECT_EQ(standard->blocks[standard->pages[p]].id, composed->blocks[composed->pages[p]].id);
  for (const Block& block : standard->blocks) {
    bool found = false;
    for (const Block& other : composed->blocks) found = found || other.id == block.id;
    EXPECT_TRUE(found) << block.id;
  }
  for (const Question& a : standard->questions) {
    int index = composed->question_index(a.id);
    ASSERT_GE(index, 0) << a.id;
    const Question& b = composed->questions[index];
    EXPECT_EQ(a.type, b.type) << a.id;
    EXPECT_EQ(a.required, b.required) << a.id;
    EXPECT_EQ(a.not_applicable, b.not_applicable) << a.id;
    EXPECT_EQ(standard->blocks[standard->pages[a.page]].id, composed->blocks[composed->pages[b.page]].id) << a.id;
    ASSERT_EQ(a.score.has_value(), b.score.has_value()) << a.id;
    if (a.score) {
      EXPECT_EQ(standard->dimensions[a.score->dimension].id, composed->dimensions[b.score->dimension].id) << a.id;
      EXPECT_EQ(a.score->reverse, b.score->reverse) << a.id;
      EXPECT_EQ(a.score->weight, b.score->weight) << a.id;
    }
    EXPECT_EQ(a.visible_if.has_value(), b.visible_if.has_value()) << a.id;
    for (std::size_t role = 0; role < standard->roles.size(); ++role)
      for (const char* language : {"sv", "en"})
        EXPECT_EQ(a.text_for(static_cast<int>(role)).in(language, ""), b.text_for(static_cast<int>(role)).in(language, ""))
            << a.id;
    EXPECT_EQ(b.text.by_language.count("nb"), 0u) << a.id << ": nb is not one of the customer's languages";
  }
}

TEST(Compose, AppendsBatteryItemsThenOwnQuestionsOnOnePage) {
  auto standard = testing::load_or_fail(standard_text());
  ComposeResult result = compose(example_customer());
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  auto composed = load_composed(result);
  ASSERT_TRUE(standard && composed);
  std::vector<std::string> added;
  for (const Question& q : composed->questions)
    if (standard->question_index(q.id) < 0) {
      added.push_back(q.id);
      EXPECT_EQ(q.page, static_cast<int>(composed->pages.size()) - 1) << q.id;
      EXPECT_FALSE(q.score.has_value()) << q.id;
    }
  EXPECT_EQ(added, (std::vector<std::string>{"b_market_demand", "b_market_competition", "b_kpi_results_used",
                                             "b_recording_how", "b_sell_more", "c_service_agreement",
                                             "c_crm_selling_time", "c_district_size", "c_missing_offer"}));
  const Block& page = composed->blocks[composed->pages.back()];
  EXPECT_EQ(page.id, "c_page");
  EXPECT_EQ(page.title.in("sv", ""), "Frågor från Acme");
}

TEST(Compose, ExampleCustomerTakesFifteenToTwentyFiveMinutes) {
  ComposeResult result = compose(example_customer());
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  auto composed = load_composed(result);
  ASSERT_TRUE(composed);
  for (const char* role : {"seller", "manager", "other"})
    for (bool pay : {false, true})
      for (const char* selling : {"complex", "volume"})
        for (bool field : {false, true})
          for (const char* language : {"sv", "en"}) {
            std::string group = json{{"performance_pay", pay}, {"selling", selling}, {"field_visits", field}}.dump();
            auto session = Session::start(composed, {role, language, group});
            ASSERT_TRUE(session.ok()) << session.error().to_string();
            double minutes = testing::answer_time(session.value()).minutes();
            EXPECT_GE(minutes, 15.0) << role << " " << group << " " << language;
            EXPECT_LE(minutes, 25.0) << role << " " << group << " " << language;
            // docs/content.md: "The example customer file ... comes to 19-23 minutes"
            EXPECT_GE(minutes, 19.0) << role << " " << group << " " << language;
            EXPECT_LE(minutes, 23.0) << role << " " << group << " " << language;
          }
}

TEST(Compose, WithoutExtrasItIsTheStandardSurveyUnderTheCustomersName) {
  json customer = {{"format", "sos-customer/1"}, {"id", "plain"}, {"version", "3"}};
  ComposeResult result = compose(customer);
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  json composed = json::parse(result.survey_json);
  json standard = json::parse(standard_text());
  standard.erase("$schema");
  standard["id"] = "plain";
  standard["version"] = "2026.1+3";
  EXPECT_EQ(composed, standard) << "all three languages by default, nothing added";
}

TEST(Compose, FallbackIsTheFirstCustomerLanguageWhenTheStandardOneIsLeftOut) {
  json customer = example_customer();
  customer["languages"] = {"nb", "sv"};
  for (json& q : customer["questions"]) {
    // The example has sv and en; give its own texts nb too.
    std::function<void(json&)> add_nb = [&](json& value) {
      if (value.is_object()) {
        if (value.contains("sv") && value["sv"].is_string()) value["nb"] = value["sv"];
        for (auto& [key, child] : value.items()) add_nb(child);
      } else if (value.is_array()) {
        for (json& child : value) add_nb(child);
      }
    };
    add_nb(q);
  }
  customer["page"]["title"]["nb"] = "Spørsmål fra Acme";
  customer["page"]["description"]["nb"] = "Noen egne spørsmål.";
  ComposeResult result = compose(customer);
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  auto composed = load_composed(result);
  ASSERT_TRUE(composed);
  EXPECT_EQ(composed->languages, (std::vector<std::string>{"nb", "sv"}));
  EXPECT_EQ(composed->fallback_language, "nb");
}

TEST(Compose, OwnConditionsMayReadChosenBatteryQuestions) {
  json customer = example_customer();
  customer["questions"][3]["visibleIf"] = "{b_recording_how} = 'crm' or {group.selling} = 'volume'";
  ComposeResult result = compose(customer);
  EXPECT_TRUE(result.ok()) << printed(result.diagnostics);
}

TEST(Compose, EveryBatteryItemComposesWithoutScoreOrRequiredAndInAllLanguages) {
  json battery = json::parse(battery_text());
  json customer = {{"format", "sos-customer/1"}, {"id", "all_items"}, {"version", "1"}, {"battery", json::array()},
                   {"page", {{"id", "c_extra"}, {"title", {{"sv", "Extra"}, {"en", "Extra"}, {"nb", "Ekstra"}}}}}};
  for (const json& item : battery["items"]) customer["battery"].push_back(item["id"]);
  ComposeResult result = compose(customer);
  ASSERT_TRUE(result.ok()) << printed(result.diagnostics);
  auto composed = load_composed(result);
  ASSERT_TRUE(composed);
  int battery_questions = 0;
  for (const Question& q : composed->questions) {
    if (q.page != static_cast<int>(composed->pages.size()) - 1) continue;
    ++battery_questions;
    EXPECT_TRUE(q.id.starts_with("b_")) << q.id;
    EXPECT_FALSE(q.score.has_value()) << q.id << " is a battery question and must not score";
    EXPECT_FALSE(q.required) << q.id;
    EXPECT_FALSE(q.required_if.has_value()) << q.id;
    std::vector<const Text*> texts = {&q.text, &q.help};
    for (const auto& [role, text] : q.role_text) texts.push_back(&text);
    for (const Option& o : q.options) texts.push_back(&o.text);
    for (const Validator& v : q.validators) texts.push_back(&v.message);
    for (const Text* text : texts) {
      if (text->empty()) continue;
      for (const char* language : {"sv", "en", "nb"}) EXPECT_FALSE(text->in(language, "xx").empty()) << q.id;
    }
  }
  EXPECT_EQ(battery_questions, 15);  // docs/content.md lists 15 elements in 13 items
}

// --- Rejections: one problem at a time, exact code and pointer ------------

struct BadCustomer {
  const char* name;
  std::function<void(json&)> change;
  std::vector<Found> errors;
};

json& own(json& c, int i) { return c["questions"][i]; }

json own_matrix() {
  return json::parse(R"({"type": "matrix", "id": "c_tools", "text": {"sv": "Verktyg", "en": "Tools"},
    "rows": [{"id": "c_tools_crm", "text": {"sv": "CRM", "en": "CRM"}}]})");
}

const std::vector<BadCustomer>& bad_customers() {
  static const std::vector<BadCustomer> rows = {
      {"unknown battery item", [](json& c) { c["battery"][1] = "b_kpi_everything"; },
       {{"customer", "customer.unknown_battery_item", "/battery/1"}}},
      {"battery item twice", [](json& c) { c["battery"].push_back("b_recording"); },
       {{"customer", "customer.duplicate_battery_item", "/battery/4"}}},
      {"battery entry not a string", [](json& c) { c["battery"][0] = 7; },
       {{"customer", "customer.type_error", "/battery/0"}}},
      {"own question collides with a standard item", [](json& c) { own(c, 0)["id"] = "co_regular"; },
       {{"customer", "customer.id_collision", "/questions/0/id"}}},
      {"own question collides with a dimension", [](json& c) { own(c, 3)["id"] = "coaching"; },
       {{"customer", "customer.id_collision", "/questions/3/id"}}},
      {"own panel collides with a standard page", [](json& c) { own(c, 2)["id"] = "p_planning"; },
       {{"customer", "customer.id_collision", "/questions/2/id"}}},
      {"own question collides with a battery question", [](json& c) { own(c, 1)["id"] = "b_tools_used"; },
       {{"customer", "customer.id_collision", "/questions/1/id"}}},
      {"page collides with a standard page", [](json& c) { c["page"]["id"] = "p_coaching"; },
       {{"customer", "customer.id_collision", "/page/id"}}},
      {"language not in the standard survey", [](json& c) { c["languages"] = {"sv", "de"}; },
       {{"customer", "customer.unknown_language", "/languages/1"}}},
      {"language twice", [](json& c) { c["languages"] = {"sv", "en", "sv"}; },
       {{"customer", "customer.bad_value", "/languages/2"}}},
      {"no language", [](json& c) { c["languages"] = json::array(); },
       {{"customer", "customer.bad_value", "/languages"}}},
      {"own question without c_", [](json& c) { own(c, 3)["id"] = "missing_offer"; },
       {{"customer", "customer.bad_id", "/questions/3/id"}}},
      {"own question in a panel without c_", [](json& c) { own(c, 2)["elements"][0]["id"] = "district_size"; },
       {{"customer", "customer.bad_id", "/questions/2/elements/0/id"}}},
      {"own matrix row without c_",
       [](json& c) {
         c["questions"].push_back(own_matrix());
         own(c, 4)["rows"][0]["id"] = "crm";
       },
       {{"customer", "customer.bad_id", "/questions/4/rows/0/id"}}},
      {"own id not an id", [](json& c) { own(c, 3)["id"] = "c_Missing"; },
       {{"customer", "customer.bad_id", "/questions/3/id"}}},
      {"page id without c_", [](json& c) { c["page"]["id"] = "acme_page"; },
       {{"customer", "customer.bad_id", "/page/id"}}},
      {"own question scores a dimension", [](json& c) { own(c, 0)["score"] = {{"dimension", "coaching"}}; },
       {{"customer", "customer.score_not_allowed", "/questions/0/score"}}},
      {"own matrix row scores a dimension",
       [](json& c) {
         c["questions"].push_back(own_matrix());
         own(c, 4)["rows"][0]["score"] = {{"dimension", "planning"}, {"reverse", true}};
       },
       {{"customer", "customer.score_not_allowed", "/questions/4/rows/0/score"}}},
      {"own condition reads a standard item", [](json& c) { own(c, 3)["visibleIf"] = "{co_regular} >= 4"; },
       {{"customer", "customer.reference_not_allowed", "/questions/3/visibleIf"}}},
      {"own validator reads a standard item",
       [](json& c) {
         own(c, 1)["validators"] = json::parse(
             R"([{"expression": "{pl_week_ahead} > 2", "message": {"sv": "Nej", "en": "No"}}])");
       },
       {{"customer", "customer.reference_not_allowed", "/questions/1/validators/0/expression"}}},
      {"own condition reads a battery question that was not chosen",
       [](json& c) { own(c, 3)["visibleIf"] = "{b_tools_used} contains 'crm'"; },
       {{"customer", "survey.unknown_reference", "/questions/3/visibleIf"}}},
      {"own condition does not parse", [](json& c) { own(c, 3)["visibleIf"] = "{c_crm_selling_time} = "; },
       {{"customer", "survey.bad_condition", "/questions/3/visibleIf"}}},
      {"own text lacks a customer language", [](json& c) { own(c, 3)["text"].erase("sv"); },
       {{"customer", "survey.missing_translation", "/questions/3/text"}}},
      {"own option text lacks a customer language", [](json& c) { own(c, 1)["options"][2]["text"].erase("en"); },
       {{"customer", "survey.missing_translation", "/questions/1/options/2/text"}}},
      {"page title lacks a customer language", [](json& c) { c["page"]["title"].erase("en"); },
       {{"customer", "survey.missing_translation", "/page/title"}}},
      {"two own questions with one id", [](json& c) { own(c, 3)["id"] = "c_crm_selling_time"; },
       {{"customer", "survey.duplicate_id", "/questions/3/id"}}},
      {"own question of a type that does not exist", [](json& c) { own(c, 3)["type"] = "text"; },
       {{"customer", "survey.unknown_type", "/questions/3/type"}}},
      {"own question with an unknown field", [](json& c) { own(c, 0)["weight"] = 2; },
       {{"customer", "survey.unknown_field", "/questions/0/weight"}}},
      {"own question not an object", [](json& c) { own(c, 3) = "c_question"; },
       {{"customer", "survey.type_error", "/questions/3"}}},
      {"wrong format", [](json& c) { c["format"] = "sos-survey/1"; }, {{"customer", "customer.bad_format", "/format"}}},
      {"missing format", [](json& c) { c.erase("format"); }, {{"customer", "customer.bad_format", "/format"}}},
      {"unknown field", [](json& c) { c["pages"] = json::array(); }, {{"customer", "customer.unknown_field", "/pages"}}},
      {"unknown page field", [](json& c) { c["page"]["visibleIf"] = "true"; },
       {{"customer", "customer.unknown_field", "/page/visibleIf"}}},
      {"missing id", [](json& c) { c.erase("id"); }, {{"customer", "customer.missing_field", ""}}},
      {"bad id", [](json& c) { c["id"] = "Acme 2026"; }, {{"customer", "customer.bad_id", "/id"}}},
      {"missing version", [](json& c) { c.erase("version"); }, {{"customer", "customer.missing_field", ""}}},
      {"version not a string", [](json& c) { c["version"] = 1; }, {{"customer", "customer.type_error", "/version"}}},
      {"version too long", [](json& c) { c["version"] = std::string(60, '1'); },
       {{"customer", "customer.bad_value", "/version"}}},
      {"questions not a list", [](json& c) { c["questions"] = json::object(); },
       {{"customer", "customer.type_error", "/questions"}}},
      {"page missing", [](json& c) { c.erase("page"); }, {{"customer", "customer.missing_field", ""}}},
      {"page without title", [](json& c) { c["page"].erase("title"); },
       {{"customer", "customer.missing_field", "/page"}}},
      {"page not an object", [](json& c) { c["page"] = "c_page"; }, {{"customer", "customer.type_error", "/page"}}},
      {"not an object", [](json& c) { c = json::array(); }, {{"customer", "customer.type_error", ""}}},
      {"several problems at once",
       [](json& c) {
         c["languages"] = {"sv", "fi"};
         c["battery"][0] = "b_nothing";
         own(c, 0)["id"] = "cr_own_customers";
         own(c, 1)["id"] = "crm_time";
         own(c, 3)["score"] = {{"dimension", "coaching"}};
       },
       {{"customer", "customer.unknown_language", "/languages/1"},
        {"customer", "customer.unknown_battery_item", "/battery/0"},
        {"customer", "customer.id_collision", "/questions/0/id"},
        {"customer", "customer.bad_id", "/questions/1/id"},
        {"customer", "customer.score_not_allowed", "/questions/3/score"}}},
  };
  return rows;
}

TEST(Compose, RejectsEveryBadCustomerFileWithExactCodeAndPointer) {
  for (const BadCustomer& row : bad_customers()) {
    json customer = example_customer();
    row.change(customer);
    ComposeResult result = compose(customer);
    EXPECT_FALSE(result.ok()) << row.name;
    EXPECT_TRUE(result.survey_json.empty()) << row.name;
    EXPECT_EQ(errors_of(result.diagnostics), row.errors) << row.name << "\n" << printed(result.diagnostics);
  }
}

TEST(Compose, NotJsonIsAParseErrorOfTheCustomerFile) {
  ComposeResult result = compose_survey(standard_text(), battery_text(), "{\"format\": ");
  EXPECT_EQ(errors_of(result.diagnostics), (std::vector<Found>{{"customer", "json.parse_error", ""}}));
}

TEST(Compose, DuplicateOwnIdNamesTheFirstPlaceInTheCustomerFile) {
  json customer = example_customer();
  own(customer, 3)["id"] = "c_crm_selling_time";
  ComposeResult result = compose(customer);
  ASSERT_EQ(result.diagnostics.size(), 1u) << printed(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].diagnostic.error.message,
            "id \"c_crm_selling_time\" is already used at /questions/1/id");
}

TEST(Compose, ABrokenStandardSurveyReportsOnlyItsOwnErrors) {
  json standard = json::parse(standard_text());
  standard["pages"][0]["elements"][0]["score"]["dimension"] = "nowhere";
  ComposeResult result = compose_survey(standard.dump(), battery_text(), example_customer().dump());
  EXPECT_EQ(errors_of(result.diagnostics),
            (std::vector<Found>{{"standard", "survey.unknown_reference", "/pages/0/elements/0/score/dimension"}}));
}

TEST(Compose, ABrokenBatteryReportsOnlyItsOwnErrors) {
  json battery = json::parse(battery_text());
  battery["items"][0]["elements"][0]["score"] = {{"dimension", "coaching"}};
  ComposeResult result = compose_survey(standard_text(), battery.dump(), example_customer().dump());
  EXPECT_EQ(errors_of(result.diagnostics),
            (std::vector<Found>{{"battery", "battery.score_not_allowed", "/items/0/elements/0/score"}}));
}

// --- The battery check ----------------------------------------------------

TEST(CheckBattery, TheBundledBatteryHasNoProblems) {
  auto diagnostics = check_battery(standard_text(), battery_text());
  EXPECT_TRUE(diagnostics.empty()) << printed(diagnostics);
}

struct BadBattery {
  const char* name;
  std::function<void(json&)> change;
  std::vector<Found> errors;
};

json& item_element(json& b, int item, int element) { return b["items"][item]["elements"][element]; }

TEST(CheckBattery, RejectsEveryBadBatteryWithExactCodeAndPointer) {
  const std::vector<BadBattery> rows = {
      {"wrong format", [](json& b) { b["format"] = "sos-battery/2"; }, {{"battery", "battery.bad_format", "/format"}}},
      {"unknown field", [](json& b) { b["title"] = "x"; }, {{"battery", "battery.unknown_field", "/title"}}},
      {"item id without b_", [](json& b) { b["items"][0]["id"] = "market_outlook"; },
       {{"battery", "battery.bad_id", "/items/0/id"}}},
      {"element id without b_", [](json& b) { item_element(b, 1, 0)["id"] = "challenges"; },
       {{"battery", "battery.bad_id", "/items/1/elements/0/id"}}},
      {"element scores", [](json& b) { item_element(b, 2, 0)["score"] = {{"dimension", "goals_follow_up"}}; },
       {{"battery", "battery.score_not_allowed", "/items/2/elements/0/score"}}},
      {"element required", [](json& b) { item_element(b, 7, 0)["required"] = true; },
       {{"battery", "battery.required_not_allowed", "/items/7/elements/0/required"}}},
      {"element required by condition", [](json& b) { item_element(b, 7, 0)["requiredIf"] = "{group.field_visits}"; },
       {{"battery", "battery.required_not_allowed", "/items/7/elements/0/requiredIf"}}},
      {"condition reads another item", [](json& b) { item_element(b, 7, 0)["visibleIf"] = "{b_tools_used} = 1"; },
       {{"battery", "battery.reference_not_allowed", "/items/7/elements/0/visibleIf"}}},
      {"condition reads the standard survey", [](json& b) { item_element(b, 7, 0)["visibleIf"] = "{co_regular} > 2"; },
       {{"battery", "battery.reference_not_allowed", "/items/7/elements/0/visibleIf"}}},
      {"unknown topic", [](json& b) { b["items"][0]["topic"] = "weather"; },
       {{"battery", "battery.bad_value", "/items/0/topic"}}},
      {"item without elements", [](json& b) { b["items"][0]["elements"] = json::array(); },
       {{"battery", "battery.bad_value", "/items/0/elements"}}},
      {"missing a standard language", [](json& b) { b["languages"] = {"sv", "en"}; },
       {{"battery", "battery.missing_language", "/languages"}}},
      {"element id used twice", [](json& b) { item_element(b, 2, 0)["id"] = "b_challenges"; },
       {{"battery", "survey.duplicate_id", "/items/2/elements/0/id"}}},
      {"element text lacks a language", [](json& b) { item_element(b, 0, 0)["text"].erase("nb"); },
       {{"battery", "survey.missing_translation", "/items/0/elements/0/text"}}},
      {"element of an unknown type", [](json& b) { item_element(b, 10, 0)["type"] = "textarea"; },
       {{"battery", "survey.unknown_type", "/items/10/elements/0/type"}}},
  };
  for (const BadBattery& row : rows) {
    json battery = json::parse(battery_text());
    row.change(battery);
    auto diagnostics = check_battery(standard_text(), battery.dump());
    EXPECT_EQ(errors_of(diagnostics), row.errors) << row.name << "\n" << printed(diagnostics);
  }
}

}  // namespace
}  // namespace sos
