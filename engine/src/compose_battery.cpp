// This file offers the battery check: sos::check_battery and the internal
// load_battery that composition builds on (docs/content.md, "The battery").
#include <algorithm>
#include <array>

#include "compose_support.h"

namespace sos {
namespace detail {
namespace {

// Topics the admin UI has labels for; a new topic needs a new label there.
constexpr std::array<std::string_view, 6> kTopics = {"market", "kpis", "recording", "tools", "activity", "open"};

bool is_language_code(const Json& value) {
  if (!value.is_string()) return false;
  const std::string& code = value.get_ref<const std::string&>();
  return code.size() >= 2 && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

class BatteryChecker {
 public:
  BatteryChecker(const StandardSurvey& standard, CheckedBattery& out, ComposeLog& log)
      : standard_(standard), out_(out), log_(log) {}

  bool run(std::string_view text) {
    auto parsed = parse_json(text);
    if (!parsed.ok()) {
      log_.add(ComposeFile::battery, {{Severity::error, parsed.error()}});
      return false;
    }
    out_.doc = std::move(parsed).value();
    const Json& doc = out_.doc;
    if (!r_.expect_object(doc, "")) return finish();
    r_.check_fields(doc, "", {"$schema", "format", "id", "version", "languages", "items"});
    auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || *format != kBatteryFormat) {
      r_.error("bad_format", "/format",
               "must be \"" + std::string(kBatteryFormat) + "\"" +
                   (format == doc.end() ? std::string(", but is missing") : ", but is " + format->dump()));
      return finish();
    }
    std::string id = r_.get_string(doc, "", "id", true);
    if (doc.contains("id") && doc["id"].is_string() && !is_valid_id(id))
      r_.error("bad_id", "/id", "\"" + id + "\" is not an id: use a lowercase letter, then lowercase letters, digits or '_'");
    std::string version = r_.get_string(doc, "", "version", true);
    if (doc.contains("version") && doc["version"].is_string() && (version.empty() || version.size() > 64))
      r_.error("bad_value", "/version", "must be 1 to 64 characters");
    bool languages_ok = read_languages(doc);
    auto items = doc.find("items");
    if (items == doc.end()) {
      r_.error("missing_field", "", "missing required field \"items\"");
    } else if (r_.expect_array(*items, "/items")) {
      read_items(*items);
      check_conditions(*items);
      if (languages_ok) load_items(*items);
    }
    return finish();
  }

 private:
  // Moves the battery's own diagnostics into the log.
  void flush() {
    log_.add(ComposeFile::battery, std::move(r_.diagnostics()));
    r_.diagnostics().clear();
  }

  bool finish() {
    flush();
    return !log_.has_errors();
  }

  bool read_languages(const Json& doc) {
    auto languages = doc.find("languages");
    if (languages == doc.end()) {
      r_.error("missing_field", "", "missing required field \"languages\"");
      return false;
    }
    if (!r_.expect_array(*languages, "/languages")) return false;
    bool ok = true;
    for (std::size_t i = 0; i < languages->size(); ++i) {
      const Json& code = (*languages)[i];
      std::string where = pointer_join("/languages", i);
      if (!is_language_code(code)) {
        r_.error("bad_value", where, code.dump() + " is not a language code such as \"sv\"");
        ok = false;
      } else if (std::find(languages_.begin(), languages_.end(), code.get<std::string>()) != languages_.end()) {
        r_.error("bad_value", where, "language " + code.dump() + " is listed twice");
        ok = false;
      } else {
        languages_.push_back(code.get<std::string>());
      }
    }
    for (const std::string& language : standard_.model->languages) {
      if (std::find(languages_.begin(), languages_.end(), language) == languages_.end()) {
        r_.error("missing_language", "/languages",
                 "lacks \"" + language + "\", a language of the standard survey: every battery text needs it");
        ok = false;
      }
    }
    return ok;
  }

  void read_items(const Json& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string where = pointer_join("/items", i);
      const Json& item = items[i];
      if (!r_.expect_object(item, where)) continue;
      r_.check_fields(item, where, {"id", "topic", "elements"});
      std::string id = r_.get_string(item, where, "id", true);
      if (item.contains("id") && item["id"].is_string()) {
        check_id(id, pointer_join(where, "id"));
        out_.ids.insert(id);
        out_.items.emplace_back(id, i);
      }
      std::string topic = r_.get_string(item, where, "topic", true);
      if (item.contains("topic") && item["topic"].is_string() &&
          std::find(kTopics.begin(), kTopics.end(), topic) == kTopics.end())
        r_.error("bad_value", pointer_join(where, "topic"),
                 "\"" + topic + "\" is not a topic (market, kpis, recording, tools, activity, open)");
      auto elements = item.find("elements");
      if (elements == item.end()) {
        r_.error("missing_field", where, "missing required field \"elements\"");
        continue;
      }
      std::string at = pointer_join(where, "elements");
      if (!r_.expect_array(*elements, at)) continue;
      if (elements->empty()) r_.error("bad_value", at, "an item must hold at least one element");
      walk_elements(*elements, at, [&](const Json& element, const std::string& pointer, bool) {
        check_element(element, pointer);
      });
      for (const std::string& q : question_ids(*elements)) out_.question_ids.insert(q);
    }
  }

  void check_id(const std::string& id, const std::string& pointer) {
    if (!is_valid_id(id) || !id.starts_with("b_"))
      r_.error("bad_id", pointer,
               "\"" + id + "\" is not a battery id: battery ids start with \"b_\", then lowercase letters, digits "
               "or '_'");
  }

  void check_element(const Json& element, const std::string& pointer) {
    if (auto id = element.find("id"); id != element.end() && id->is_string()) {
      check_id(id->get<std::string>(), pointer_join(pointer, "id"));
      out_.ids.insert(id->get<std::string>());
    }
    if (element.contains("score"))
      r_.error("score_not_allowed", pointer_join(pointer, "score"),
               "battery questions never score a dimension: only the standard items do");
    if (auto required = element.find("required"); required != element.end() && *required == true)
      r_.error("required_not_allowed", pointer_join(pointer, "required"),
               "battery questions are never required: a respondent may skip one that does not fit");
    if (element.contains("requiredIf"))
      r_.error("required_not_allowed", pointer_join(pointer, "requiredIf"),
               "battery questions are never required: a respondent may skip one that does not fit");
  }

  // Any selection of items must load, so an item's conditions read group
  // attributes and its own questions only. References to nothing at all are
  // left to the survey loader (survey.unknown_reference).
  void check_conditions(const Json& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Json& item = items[i];
      if (!item.is_object() || !item.contains("elements")) continue;
      const Json& elements = item["elements"];
      std::set<std::string> own = question_ids(elements);
      std::string at = pointer_join(pointer_join("/items", i), "elements");
      walk_elements(elements, at, [&](const Json& element, const std::string& pointer, bool) {
        for_each_condition(element, pointer, [&](const std::string& source, const std::string& where) {
          for (const std::string& id : answers_read(source)) {
            if (own.contains(id)) continue;
            bool elsewhere = out_.question_ids.contains(id) || standard_.model->question_index(id) >= 0;
            if (elsewhere)
              r_.error("reference_not_allowed", where,
                       "reads \"" + id + "\", which is not a question of this item: an item's conditions may read "
                       "group attributes and the item's own questions only");
          }
        });
      });
    }
  }

  // Every item's elements must be valid survey elements: load them as a
  // survey with the standard's roles and group attributes, one page per item.
  void load_items(const Json& items) {
    Json roles = Json::array();
    for (const Role& role : standard_.model->roles) {
      Json title = Json::object();
      for (const std::string& language : languages_) title[language] = role.id;
      roles.push_back({{"id", role.id}, {"title", title}});
    }
    Json survey = {{"format", kSurveyFormat},
                   {"id", "battery"},
                   {"version", "1"},
                   {"languages", languages_},
                   {"fallbackLanguage", standard_.model->fallback_language},
                   {"roles", roles},
                   {"dimensions", Json::array()},
                   {"pages", Json::array()}};
    if (auto attributes = standard_.doc.find("groupAttributes"); attributes != standard_.doc.end())
      survey["groupAttributes"] = *attributes;
    PointerMap map;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Json& item = items[i];
      if (!item.is_object() || !item.contains("elements") || !item["elements"].is_array()) continue;
      Json page = {{"elements", item["elements"]}, {"title", Json::object()}};
      if (item.contains("id")) page["id"] = item["id"];
      for (const std::string& language : languages_) page["title"][language] = "item";
      map.add(pointer_join("/pages", survey["pages"].size()), ComposeFile::battery, pointer_join("/items", i));
      survey["pages"].push_back(std::move(page));
    }
    if (survey["pages"].empty()) return;
    // The battery's own problems go into the log first, so that the loader's
    // view of the same places is not reported twice.
    flush();
    log_.load_mapped(survey, map);
  }

  const StandardSurvey& standard_;
  CheckedBattery& out_;
  ComposeLog& log_;
  Reader r_{"battery"};
  std::vector<std::string> languages_;
};

}  // namespace

bool load_battery(const StandardSurvey& standard, std::string_view text, CheckedBattery& out, ComposeLog& log) {
  return BatteryChecker(standard, out, log).run(text);
}

}  // namespace detail

std::vector<ComposeDiagnostic> check_battery(std::string_view standard_json, std::string_view battery_json) {
  detail::ComposeLog log;
  detail::StandardSurvey standard;
  detail::CheckedBattery battery;
  if (detail::load_standard(standard_json, standard, log)) detail::load_battery(standard, battery_json, battery, log);
  return std::move(log.diagnostics());
}

}  // namespace sos
