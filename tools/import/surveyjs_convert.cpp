// This file offers convert_surveyjs: the survey, its pages and panels, the
// languages, the report, and the final check that the result loads.
#include <algorithm>
#include <set>

#include "import/surveyjs_converter.h"
#include "sos/survey.h"

namespace sos::import {

std::string_view to_string(WarningKind kind) {
  switch (kind) {
    case WarningKind::meaning: return "meaning";
    case WarningKind::dropped: return "dropped";
    case WarningKind::note: return "note";
  }
  return "";
}

std::string Warning::to_string() const {
  return "warning (" + std::string(import::to_string(kind)) + "): [" + code + "] (" + pointer + ") " + message;
}

namespace detail {
namespace {

constexpr int kMaxPanelDepth = 8;

// Properties that change what the survey shows, requires or accepts, and
// that the survey format cannot carry.
const std::set<std::string> kMeaningProperties = {
    "enableIf",          "readOnly",         "defaultValue",       "defaultValueExpression", "setValueIf",
    "setValueExpression", "resetValueIf",    "valueName",          "choicesVisibleIf",       "choicesEnableIf",
    "choicesFromQuestion", "choicesFromQuestionMode", "choicesByUrl", "minValueExpression", "maxValueExpression",
    "rowsVisibleIf",     "columnsVisibleIf", "eachRowUnique",      "isUnique",               "maskType",
    "maskSettings",      "validateInputType"};

// Properties that decide nothing and are not carried.
const std::set<std::string> kDroppedProperties = {
    "correctAnswer", "requiredErrorText", "commentText", "showCommentArea", "hasComment", "commentPlaceholder",
    "otherPlaceholder", "otherErrorText", "minErrorText", "maxErrorText", "score", "html", "imageLink"};

// Properties of presentation, or carried by the converter.
const std::set<std::string> kKnownProperties = {
    "type", "name", "title", "description", "visibleIf", "visible", "isRequired", "requiredIf", "validators",
    "elements", "questions", "choices", "choicesOrder", "choicesMin", "choicesMax", "choicesStep", "showOtherItem",
    "hasOther", "otherText", "showNoneItem", "hasNone", "noneText", "showRefuseItem", "refuseText",
    "showDontKnowItem", "dontKnowText", "showSelectAllItem", "hasSelectAll", "selectAllText", "minSelectedChoices",
    "maxSelectedChoices", "labelTrue", "labelFalse", "valueTrue", "valueFalse", "rateMin", "rateMax", "rateStep",
    "rateValues", "rateCount", "minRateDescription", "maxRateDescription", "inputType", "min", "max", "step",
    "maxLength", "columns", "rows", "isAllRowRequired", "eachRowRequired", "rowsOrder", "questionsOrder",
    "clearIfInvisible", "startWithNewLine", "width", "minWidth", "maxWidth", "titleLocation", "descriptionLocation",
    "hideNumber", "indent", "colCount", "placeholder", "inputSize", "size", "autoGrow", "allowResize",
    "errorLocation", "renderAs", "displayMode", "rateDisplayMode", "rateType", "scaleColorMode", "rateColorMode",
    "autoGenerate", "separateSpecialChoices", "showTitle", "state", "questionTitleLocation", "textUpdateMode",
    "dataList", "autocomplete", "searchEnabled", "allowClear", "itemComponent", "showClearButton", "visibleIndex",
    "useDisplayValuesInDynamicTexts", "swapOrder", "displayRateDescriptionsAsExtremeItems", "alternateRows",
    "columnMinWidth", "rowTitleWidth", "showHeader", "verticalAlign", "hideIfChoicesEmpty", "hideIfRowsEmpty",
    "innerIndent", "showNumber", "questionStartIndex", "multiSelect", "imageFit", "imageHeight", "imageWidth",
    "contentMode", "showLabel", "label", "choicesLayout", "rateIconSize", "minWidth", "page", "navigationTitle",
    "navigationDescription", "id", "isCompact", "showQuestionNumbers", "maxCount"};

}  // namespace

void strip_origins(Json& node, const std::string& pointer, std::map<std::string, std::string>& origins) {
  if (node.is_object()) {
    if (auto it = node.find(kOrigin); it != node.end()) {
      origins[pointer] = it->get<std::string>();
      node.erase(kOrigin);
    }
    for (auto& [key, value] : node.items()) strip_origins(value, pointer_join(pointer, key), origins);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) strip_origins(node[i], pointer_join(pointer, i), origins);
  }
}

std::string pointer_join(const std::string& pointer, const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~') escaped += "~0";
    else if (c == '/') escaped += "~1";
    else escaped += c;
  }
  return pointer + "/" + escaped;
}

std::string pointer_join(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

const RefInfo* Names::find(std::string_view name) const {
  static const RefInfo kUnanswered = [] {
    RefInfo r;
    r.kind = RefInfo::Kind::unanswered;
    return r;
  }();
  if (!unanswered_.empty() && name == unanswered_) return &kUnanswered;
  if (auto it = by_name_.find(std::string(name)); it != by_name_.end()) return it->second;
  // {matrix.row}: a matrix name, then one of its rows
  for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    auto it = by_name_.find(std::string(name.substr(0, dot)));
    if (it == by_name_.end() || it->second->kind != RefInfo::Kind::matrix) continue;
    std::string_view row = name.substr(dot + 1);
    for (std::size_t i = 0; i < it->second->rows.size(); ++i)
      if (it->second->row_names[i] == row) return it->second->rows[i];
  }
  return nullptr;
}

void Converter::warn(std::string code, std::string pointer, std::string message, WarningKind kind) {
  warnings_.push_back({std::move(code), std::move(pointer), std::move(message), kind});
}

void Converter::survey_settings(const Json& doc) {
  for (const char* key : {"title", "description", "logo", "completedHtml", "completedHtmlOnCondition",
                          "completedBeforeHtml", "loadingHtml", "navigateToUrl", "navigateToUrlOnCondition"})
    if (doc.contains(key))
      warn("import.survey_setting", pointer_join("", key),
           std::string("the survey's \"") + key + "\" is not carried: the survey format has no such text",
           WarningKind::dropped);
  if (auto it = doc.find("triggers"); it != doc.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i)
      warn("import.trigger", pointer_join("/triggers", i),
           "triggers are not carried: the converted survey does not set, copy, complete or skip on a condition",
           WarningKind::meaning);
  if (auto it = doc.find("calculatedValues"); it != doc.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i)
      warn("import.calculated_value", pointer_join("/calculatedValues", i),
           "calculated values are not carried: a condition that reads one is dropped", WarningKind::dropped);
  for (const char* key : {"firstPageIsStartPage", "firstPageIsStarted"})
    if (doc.contains(key) && doc[key].is_boolean() && doc[key].get<bool>())
      warn("import.start_page", pointer_join("", key),
           "the start page is carried as an ordinary first page", WarningKind::note);
  for (const char* key : {"questionsOrder", "pagesOrder"})
    if (doc.contains(key) && doc[key] == "random")
      warn("import.random_order", pointer_join("", key), "random order is not carried: questions keep their order",
           WarningKind::note);
}

Planned Converter::plan_panel(const Json& el, const std::string& pointer, int depth) {
  Planned p;
  p.sj = &el;
  p.pointer = pointer;
  p.as = depth == 0 ? Planned::As::page : Planned::As::panel;
  p.type = depth == 0 ? "page" : "panel";
  if (auto name = el.find("name"); name != el.end() && name->is_string()) p.name = name->get<std::string>();
  std::string wanted = p.name.empty() ? p.type + std::to_string(++unnamed_) : p.name;
  p.id = ids_.allocate(wanted, p.type);
  report_ids_.push_back({{"surveyjs", p.name}, {"id", p.id}, {"pointer", pointer}});
  if (!p.name.empty() && p.id != p.name)
    warn("import.renamed", pointer_join(pointer, "name"), "\"" + p.name + "\" is carried as the id \"" + p.id + "\"",
         WarningKind::note);
  for (const char* key : {"elements", "questions"})
    if (auto it = el.find(key); it != el.end() && it->is_array())
      plan_elements(*it, pointer_join(pointer, key), depth, p.children);
  return p;
}

void Converter::plan_elements(const Json& elements, const std::string& pointer, int depth,
                              std::vector<Planned>& out) {
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Json& el = elements[i];
    std::string at = pointer_join(pointer, i);
    if (!el.is_object() || !el.contains("type") || !el["type"].is_string()) {
      warn("import.bad_element", at, "an element without a type is left out", WarningKind::dropped);
      continue;
    }
    std::string type = el["type"].get<std::string>();
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (type == "panel") {
      if (depth + 1 > kMaxPanelDepth) {
        warn("import.panel_depth", at,
             "panels nest deeper than " + std::to_string(kMaxPanelDepth) + ": this panel and its questions are left out",
             WarningKind::dropped);
        continue;
      }
      out.push_back(plan_panel(el, at, depth + 1));
    } else {
      out.push_back(plan_question(el, at, type));
    }
  }
}

void Converter::common_properties(const Json& el, const std::string& pointer, bool is_container) {
  for (auto it = el.begin(); it != el.end(); ++it) {
    const std::string& key = it.key();
    std::string at = pointer_join(pointer, key);
    if (key == "clearIfInvisible") {
      if (it->is_string() && *it != "default" && *it != "onHiddenContainer")
        warn("import.property", at,
             "clearIfInvisible " + it->dump() + " is not carried: the converted survey clears an answer as soon as "
             "its question, panel or page is hidden",
             WarningKind::meaning);
    } else if (is_container && (key == "isRequired" || key == "requiredIf")) {
      warn("import.property", at,
           "a required panel (at least one of its questions answered) is not carried", WarningKind::meaning);
    } else if (kMeaningProperties.count(key)) {
      warn("import.property", at, "\"" + key + "\" is not carried: the converted survey has no such behaviour",
           WarningKind::meaning);
    } else if (kDroppedProperties.count(key)) {
      warn("import.property", at, "\"" + key + "\" is not carried", WarningKind::dropped);
    } else if (key == "choicesOrder" || key == "rowsOrder" || key == "questionsOrder") {
      if (*it == "random")
        warn("import.random_order", at, "random order is not carried: the converted survey keeps the order",
             WarningKind::note);
    } else if (!kKnownProperties.count(key)) {
      warn("import.property", at, "\"" + key + "\" is not carried", WarningKind::note);
    }
  }
}

Json Converter::text_of(const Json& el, const std::string& pointer, const char* key, const std::string& fallback) {
  auto it = el.find(key);
  if (auto text = TextTable::read(it == el.end() ? nullptr : &*it)) {
    for (const auto& [locale, value] : text->by_locale)
      if (value.find('{') != std::string::npos && value.find('}') != std::string::npos) {
        warn("import.text_placeholder", pointer_join(pointer, key),
             "the text shows answers with {...}: the converted survey shows it literally", WarningKind::note);
        break;
      }
    return texts_.add(std::move(*text), pointer_join(pointer, key));
  }
  LocalizedText same;
  same.by_locale["default"] = fallback;
  return texts_.add(std::move(same), pointer_join(pointer, key), true);
}

std::optional<Json> Converter::emit(const Planned& p) {
  switch (p.as) {
    case Planned::As::page:
    case Planned::As::panel: return emit_container(p);
    case Planned::As::matrix:
    case Planned::As::matrix_rows: return emit_matrix(p);
    case Planned::As::dropped: return std::nullopt;
    default: return emit_question(p);
  }
}

std::optional<Json> Converter::emit_container(const Planned& p) {
  const Json& el = *p.sj;
  Json elements = Json::array();
  for (const Planned& child : p.children)
    if (auto j = emit(child)) elements.push_back(std::move(*j));
  if (elements.empty()) {
    warn("import.empty_container", p.pointer,
         "the " + p.type + " keeps no question the survey format can carry: it is left out", WarningKind::dropped);
    return std::nullopt;
  }
  Json out = Json::object();
  if (p.as == Planned::As::panel) out["type"] = "panel";
  out["id"] = p.id;
  if (el.contains("title")) out["title"] = text_of(el, p.pointer, "title", p.name);
  if (el.contains("description")) out["description"] = text_of(el, p.pointer, "description", "");
  common_properties(el, p.pointer, true);
  visibility(el, p.pointer, out);
  if (out.contains("visibleIf")) conditional_container_ = true;
  out["elements"] = std::move(elements);
  return out;
}

void Converter::report_questions(const std::vector<Planned>& plans, Json& out) const {
  static const char* kAs[] = {"page", "panel", "likert", "choice", "multichoice", "number", "comment", "matrix",
                              "matrix_rows", "dropped"};
  for (const Planned& p : plans) {
    if (p.as == Planned::As::page || p.as == Planned::As::panel) {
      report_questions(p.children, out);
      continue;
    }
    Json q = {{"name", p.name}, {"pointer", p.pointer}, {"type", p.type}, {"as", kAs[static_cast<int>(p.as)]}};
    if (p.as == Planned::As::dropped) {
      out.push_back(std::move(q));
      continue;
    }
    q["id"] = p.id;
    Json values = Json::array();
    for (const auto& option : p.options) values.push_back(Json::array({option.raw, option.value}));
    if (!p.options.empty()) q[p.rows.empty() ? "values" : "columns"] = std::move(values);
    if (!p.rows.empty()) {
      Json rows = Json::array();
      for (const auto& row : p.rows) rows.push_back(Json::array({row.raw, row.id}));
      q["rows"] = std::move(rows);
      q["rowType"] = p.likert_rows ? "likert" : "choice";
    }
    out.push_back(std::move(q));
  }
}

Result<Conversion> Converter::run(const Json& doc) {
  survey_settings(doc);
  std::vector<Planned> pages;
  if (auto it = doc.find("pages"); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& page = (*it)[i];
      if (!page.is_object()) {
        warn("import.bad_element", pointer_join("/pages", i), "a page that is not an object is left out",
             WarningKind::dropped);
        continue;
      }
      pages.push_back(plan_panel(page, pointer_join("/pages", i), 0));
    }
  }
  if (pages.empty() && (doc.contains("elements") || doc.contains("questions"))) {
    // A survey without pages is one page of its top-level elements.
    Planned page;
    page.sj = &doc;
    page.as = Planned::As::page;
    page.type = "page";
    page.id = ids_.allocate("page1", "page");
    for (const char* key : {"elements", "questions"})
      if (auto it = doc.find(key); it != doc.end() && it->is_array()) plan_elements(*it, pointer_join("", key), 0, page.children);
    pages.push_back(std::move(page));
  }

  Json out_pages = Json::array();
  for (const Planned& page : pages) {
    if (page.sj == &doc) {  // the implicit page: only its elements
      Json elements = Json::array();
      for (const Planned& child : page.children)
        if (auto j = emit(child)) elements.push_back(std::move(*j));
      if (!elements.empty()) out_pages.push_back({{"id", page.id}, {"elements", std::move(elements)}});
      continue;
    }
    if (auto j = emit(page)) out_pages.push_back(std::move(*j));
  }
  if (out_pages.empty())
    return Error{"import.nothing_to_import", "", "no page keeps a question the survey format can carry"};

  std::string mode = doc.contains("clearInvisibleValues") && doc["clearInvisibleValues"].is_string()
                         ? doc["clearInvisibleValues"].get<std::string>()
                         : "onComplete";
  std::string at = doc.contains("clearInvisibleValues") ? "/clearInvisibleValues" : "";
  if (mode == "onHidden" && conditional_container_)
    warn("import.hidden_answers", at,
         "SurveyJS (clearInvisibleValues \"onHidden\") keeps the answers of questions whose panel or page is hidden; "
         "the converted survey clears them, as \"onHiddenContainer\" does",
         WarningKind::meaning);
  else if (mode != "onHidden" && mode != "onHiddenContainer" && (conditional_container_ || conditional_question_))
    warn("import.hidden_answers", at,
         "SurveyJS (clearInvisibleValues \"" + mode + "\") keeps the answers of hidden questions while the survey "
         "runs; the converted survey clears an answer as soon as its question, panel or page is hidden, as "
         "\"onHiddenContainer\" does",
         WarningKind::meaning);

  std::vector<std::string> languages = texts_.languages(warnings_);
  Json survey = Json::object();
  survey["format"] = std::string(kSurveyFormat);
  survey["id"] = options_.survey_id;
  survey["version"] = options_.version;
  survey["languages"] = languages;
  survey["fallbackLanguage"] = options_.language;
  survey["roles"] = Json::array({{{"id", "respondent"}, {"title", texts_.add(BuiltinText::respondent)}}});
  survey["dimensions"] = Json::array();
  survey["pages"] = std::move(out_pages);
  texts_.finalize(survey, languages, warnings_);

  std::map<std::string, std::string> origins;
  strip_origins(survey, "", origins);
  // SurveyJS lets visibility conditions depend on each other in a circle
  // (a panel shown by a question inside it); the survey format does not.
  // Each condition the loader finds in a circle is left out, with a warning.
  for (int attempt = 0;; ++attempt) {
    LoadResult loaded = load_survey(survey.dump());
    if (loaded.ok()) break;
    std::string errors;
    bool only_cycles = true;
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity != Severity::error) continue;
      errors += "\n  " + d.error.to_string();
      only_cycles = only_cycles && d.error.code == "survey.condition_cycle";
    }
    if (!only_cycles || attempt == 100)
      return Error{"import.invalid_result", "", "the converted survey does not load:" + errors};
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity != Severity::error) continue;
      std::string element = d.error.pointer.substr(0, d.error.pointer.rfind('/'));
      Json::json_pointer at(element);
      if (survey.contains(at)) survey[at].erase("visibleIf");
      auto origin = origins.find(element);
      warn("import.condition_cycle", (origin == origins.end() ? element : origin->second) + "/visibleIf",
           "this visibleIf is not carried: " + d.error.message + " (the survey format needs an order in which "
           "every condition's inputs come first)",
           WarningKind::meaning);
    }
  }
  // The loader's own advice (e.g. conditions that read later questions) is
  // for authors of the format; `sos validate` shows it.

  Conversion conversion;
  conversion.survey = std::move(survey);
  conversion.warnings = warnings_;
  Json warnings = Json::array();
  for (const Warning& w : warnings_)
    warnings.push_back({{"code", w.code}, {"pointer", w.pointer}, {"kind", import::to_string(w.kind)}, {"message", w.message}});
  Json questions = Json::array();
  report_questions(pages, questions);
  conversion.report = {{"format", "sos-import-report/1"}, {"source", "surveyjs"}, {"languages", languages},
                       {"warnings", std::move(warnings)}, {"ids", report_ids_}, {"questions", std::move(questions)},
                       {"conditions", report_conditions_}};
  return conversion;
}

}  // namespace detail

Result<Conversion> convert_surveyjs(std::string_view json_text, const Options& options) {
  const std::string& language = options.language;
  bool language_ok = language.size() >= 2 && language.size() <= 3 &&
                     std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!language_ok)
    return Error{"import.bad_option", "", "\"" + language + "\" is not a language code such as \"en\" or \"sv\""};
  const std::string& id = options.survey_id;
  bool id_ok = !id.empty() && id.size() <= 64 && id[0] >= 'a' && id[0] <= 'z' &&
               std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
  if (!id_ok) return Error{"import.bad_option", "", "\"" + id + "\" is not a survey id (^[a-z][a-z0-9_]{0,63}$)"};
  if (options.version.empty() || options.version.size() > 64)
    return Error{"import.bad_option", "", "the version must be 1 to 64 characters"};
  detail::Json doc;
  try {
    doc = detail::Json::parse(json_text);
  } catch (const nlohmann::ordered_json::parse_error& e) {
    return Error{"import.bad_json", "", e.what()};
  }
  if (!doc.is_object() || !(doc.contains("pages") || doc.contains("elements") || doc.contains("questions")))
    return Error{"import.not_surveyjs", "",
                 "a SurveyJS survey is an object with \"pages\" (or \"elements\"), but this is " +
                     std::string(doc.type_name())};
  return detail::Converter(options).run(doc);
}

}  // namespace sos::import
