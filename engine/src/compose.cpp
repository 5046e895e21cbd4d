// This file offers sos::compose_survey: a customer file, the standard survey
// and the battery into one survey file (docs/content.md, "sos compose").
#include <algorithm>

#include "compose_support.h"

namespace sos {

const char* to_string(ComposeFile file) {
  switch (file) {
    case ComposeFile::standard: return "standard";
    case ComposeFile::battery: return "battery";
    case ComposeFile::customer: return "customer";
    case ComposeFile::composed: return "composed";
  }
  return "composed";
}

namespace {

using detail::Json;
using detail::pointer_join;

// Used for the extra page only while checking a customer file that lacks a
// usable page, so its own questions are still checked. Never written: a file
// with a missing page has an error. Not a valid own id (no "c_"), so it can
// never collide with one.
constexpr const char* kStandInPageId = "customer_page";

class Composer {
 public:
  Composer(const detail::StandardSurvey& standard, const detail::CheckedBattery& battery, detail::ComposeLog& log)
      : standard_(standard), battery_(battery), log_(log) {}

  ComposeResult run(std::string_view text) {
    auto parsed = detail::parse_json(text);
    if (!parsed.ok()) {
      log_.add(ComposeFile::customer, {{Severity::error, parsed.error()}});
      return finish();
    }
    doc_ = std::move(parsed).value();
    if (!r_.expect_object(doc_, "")) return finish();
    r_.check_fields(doc_, "", {"$schema", "format", "id", "version", "languages", "battery", "questions", "page"});
    auto format = doc_.find("format");
    if (format == doc_.end() || !format->is_string() || *format != kCustomerFormat) {
      r_.error("bad_format", "/format",
               "must be \"" + std::string(kCustomerFormat) + "\"" +
                   (format == doc_.end() ? std::string(", but is missing") : ", but is " + format->dump()));
      return finish();  // another format's fields would only produce noise
    }
    read_id();
    read_version();
    read_languages();
    read_battery();
    read_questions();
    read_page();
    Json survey = compose();
    flush();
    // Without a usable language, every own text would be reported as lacking
    // the standard's languages: the customer fixes "languages" first.
    if (!languages_given_ || !languages_.empty()) log_.load_mapped(survey, map_);
    bool loads = !log_.has_errors();
    ComposeResult result = finish();
    if (loads) result.survey_json = survey.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    return result;
  }

 private:
  void flush() {
    log_.add(ComposeFile::customer, std::move(r_.diagnostics()));
    r_.diagnostics().clear();
  }

  ComposeResult finish() {
    flush();
    return ComposeResult{{}, std::move(log_.diagnostics())};
  }

  void read_id() {
    id_ = r_.get_string(doc_, "", "id", true);
    if (!doc_.contains("id") || !doc_["id"].is_string()) return;
    if (!detail::is_valid_id(id_)) {
      r_.error("bad_id", "/id", "\"" + id_ + "\" is not an id: use a lowercase letter, then lowercase letters, digits or '_' (at most 64)");
      id_.clear();
    }
  }

  // The composed version is "<standard>+<customer>" and, like any survey
  // version, at most 64 characters.
  void read_version() {
    version_ = r_.get_string(doc_, "", "version", true);
    if (!doc_.contains("version") || !doc_["version"].is_string()) return;
    std::size_t room = 64 - std::min<std::size_t>(63, standard_.model->version.size() + 1);
    if (version_.empty() || version_.size() > room) {
      r_.error("bad_value", "/version",
               "must be 1 to " + std::to_string(room) + " characters (the composed version is \"" +
                   standard_.model->version + "+\" and this, at most 64)");
      version_.clear();
    }
  }

  void read_languages() {
    auto languages = doc_.find("languages");
    if (languages == doc_.end() || !r_.expect_array(*languages, "/languages")) {
      if (languages == doc_.end()) languages_given_ = false;
      return;
    }
    if (languages->empty()) r_.error("bad_value", "/languages", "must name at least one language");
    const std::vector<std::string>& offered = standard_.model->languages;
    for (std::size_t i = 0; i < languages->size(); ++i) {
      const Json& code = (*languages)[i];
      std::string where = pointer_join("/languages", i);
      if (!code.is_string()) {
        r_.error("type_error", where, "must be a string, but is " + detail::json_type_name(code));
      } else if (std::find(offered.begin(), offered.end(), code.get<std::string>()) == offered.end()) {
        std::string list;
        for (const std::string& l : offered) list += (list.empty() ? "" : ", ") + l;
        r_.error("unknown_language", where,
                 code.dump() + " is not a language of the standard survey (" + list + ")");
      } else if (std::find(languages_.begin(), languages_.end(), code.get<std::string>()) != languages_.end()) {
        r_.error("bad_value", where, "language " + code.dump() + " is listed twice");
      } else {
        languages_.push_back(code.get<std::string>());
      }
    }
  }

  void read_battery() {
    auto battery = doc_.find("battery");
    if (battery == doc_.end() || !r_.expect_array(*battery, "/battery")) return;
    for (std::size_t i = 0; i < battery->size(); ++i) {
      const Json& item = (*battery)[i];
      std::string where = pointer_join("/battery", i);
      if (!item.is_string()) {
        r_.error("type_error", where, "must be a string, but is " + detail::json_type_name(item));
        continue;
      }
      const std::string& id = item.get_ref<const std::string&>();
      if (!battery_.item_elements(id)) {
        r_.error("unknown_battery_item", where,
                 "\"" + id + "\" is not an item of the battery " + battery_.doc.value("id", std::string()));
        continue;
      }
      auto earlier = std::find_if(chosen_.begin(), chosen_.end(), [&](const auto& c) { return c.first == id; });
      if (earlier != chosen_.end()) {
        r_.error("duplicate_battery_item", where,
                 "\"" + id + "\" is already chosen at " + pointer_join("/battery", earlier->second));
        continue;
      }
      chosen_.emplace_back(id, i);
    }
  }

  // An own id (page, question, panel, matrix, row) starts with "c_" and
  // collides with nothing of the standard survey or the battery.
  void check_own_id(const std::string& id, const std::string& pointer) {
    if (standard_.ids.contains(id)) {
      r_.error("id_collision", pointer, "\"" + id + "\" is an id of the standard survey; own ids start with \"c_\"");
    } else if (battery_.ids.contains(id)) {
      r_.error("id_collision", pointer, "\"" + id + "\" is an id of the battery; own ids start with \"c_\"");
    } else if (!detail::is_valid_id(id) || !id.starts_with("c_")) {
      r_.error("bad_id", pointer,
               "\"" + id + "\" is not an own id: own ids start with \"c_\", then lowercase letters, digits or '_' "
               "(at most 64)");
    }
  }

  void read_questions() {
    auto questions = doc_.find("questions");
    if (questions == doc_.end() || !r_.expect_array(*questions, "/questions")) return;
    questions_ = &*questions;
    detail::walk_elements(*questions, "/questions", [&](const Json& element, const std::string& pointer, bool) {
      if (auto id = element.find("id"); id != element.end() && id->is_string())
        check_own_id(id->get<std::string>(), pointer_join(pointer, "id"));
      if (element.contains("score"))
        r_.error("score_not_allowed", pointer_join(pointer, "score"),
                 "own questions never score a dimension: only the standard items do, so benchmarks compare");
      detail::for_each_condition(element, pointer, [&](const std::string& source, const std::string& where) {
        for (const std::string& id : detail::answers_read(source))
          if (standard_.model->question_index(id) >= 0)
            r_.error("reference_not_allowed", where,
                     "reads \"" + id + "\", a question of the standard survey: own conditions may read group "
                     "attributes, own questions and chosen battery questions");
      });
    });
  }

  bool needs_page() const { return !chosen_.empty() || (questions_ && !questions_->empty()); }

  void read_page() {
    auto page = doc_.find("page");
    if (page == doc_.end()) {
      if (needs_page())
        r_.error("missing_field", "",
                 "missing required field \"page\": battery items and own questions go on an extra page");
      return;
    }
    if (!r_.expect_object(*page, "/page")) return;
    r_.check_fields(*page, "/page", {"id", "title", "description"});
    std::string id = r_.get_string(*page, "/page", "id", true);
    if (page->contains("id") && (*page)["id"].is_string()) check_own_id(id, "/page/id");
    if (!page->contains("title")) r_.error("missing_field", "/page", "missing required field \"title\"");
    page_ = &*page;
  }

  Json compose() {
    Json survey = standard_.doc;
    // The standard file's "$schema" is relative to where it lies; the
    // composed file is written elsewhere.
    survey.erase("$schema");
    if (!id_.empty()) survey["id"] = id_;
    if (!version_.empty()) survey["version"] = standard_.model->version + "+" + version_;
    std::vector<std::string> languages = languages_.empty() ? standard_.model->languages : languages_;
    survey["languages"] = languages;
    const std::string& fallback = standard_.model->fallback_language;
    survey["fallbackLanguage"] =
        std::find(languages.begin(), languages.end(), fallback) != languages.end() ? fallback : languages.front();
    detail::keep_languages_in_survey(survey, languages);

    ComposeFile languages_from = languages_given_ ? ComposeFile::customer : ComposeFile::standard;
    map_.add("", ComposeFile::customer, "");
    map_.add("/id", ComposeFile::customer, "/id");
    map_.add("/version", ComposeFile::customer, "/version");
    map_.add("/languages", languages_from, "/languages");
    map_.add("/fallbackLanguage", languages_from, "/languages");
    for (const char* part : {"/roles", "/groupAttributes", "/dimensions", "/scoreBands", "/messages"})
      map_.add(part, ComposeFile::standard, part);
    std::size_t standard_pages = survey["pages"].size();
    for (std::size_t p = 0; p < standard_pages; ++p)
      map_.add(pointer_join("/pages", p), ComposeFile::standard, pointer_join("/pages", p));
    if (!needs_page()) return survey;

    std::string page_at = pointer_join("/pages", standard_pages);
    Json page = Json::object();
    if (page_) {
      for (const char* key : {"id", "title", "description"})
        if (page_->contains(key)) page[key] = (*page_)[key];
      map_.add(page_at, ComposeFile::customer, "/page");
    }
    if (!page.contains("id")) page["id"] = kStandInPageId;
    if (!page.contains("title"))
      for (const std::string& language : languages) page["title"][language] = kStandInPageId;
    Json elements = Json::array();
    std::string elements_at = pointer_join(page_at, "elements");
    for (const auto& [item, position] : chosen_) {
      for (const Json& element : *battery_.item_elements(item)) {
        map_.add(pointer_join(elements_at, elements.size()), ComposeFile::customer, pointer_join("/battery", position));
        elements.push_back(element);
      }
    }
    for (std::size_t q = 0; questions_ && q < questions_->size(); ++q) {
      map_.add(pointer_join(elements_at, elements.size()), ComposeFile::customer, pointer_join("/questions", q));
      elements.push_back((*questions_)[q]);
    }
    page["elements"] = std::move(elements);
    Json holder = Json::array({std::move(page)});
    detail::keep_languages_in_elements(holder, languages);
    survey["pages"].push_back(std::move(holder[0]));
    return survey;
  }

  const detail::StandardSurvey& standard_;
  const detail::CheckedBattery& battery_;
  detail::ComposeLog& log_;
  detail::Reader r_{"customer"};
  Json doc_;
  std::string id_;
  std::string version_;
  bool languages_given_ = true;
  std::vector<std::string> languages_;
  std::vector<std::pair<std::string, std::size_t>> chosen_;  // battery item id -> position in "battery"
  const Json* questions_ = nullptr;
  const Json* page_ = nullptr;
  detail::PointerMap map_;
};

}  // namespace

ComposeResult compose_survey(std::string_view standard_json, std::string_view battery_json,
                             std::string_view customer_json) {
  detail::ComposeLog log;
  detail::StandardSurvey standard;
  detail::CheckedBattery battery;
  if (!detail::load_standard(standard_json, standard, log) ||
      !detail::load_battery(standard, battery_json, battery, log))
    return ComposeResult{{}, std::move(log.diagnostics())};
  // The battery's warnings are its author's business, not the customer's.
  log.diagnostics().clear();
  return Composer(standard, battery, log).run(customer_json);
}

}  // namespace sos
