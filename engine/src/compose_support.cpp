// This file offers the JSON walking, language trimming and pointer mapping
// that the battery check and composition share.
#include "compose_support.h"

#include <algorithm>

#include "sos/expr.h"

namespace sos::detail {

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void walk_elements(const Json& elements, const std::string& pointer, const ElementVisitor& visit) {
  if (!elements.is_array()) return;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Json& element = elements[i];
    if (!element.is_object()) continue;
    std::string where = pointer_join(pointer, i);
    visit(element, where, false);
    auto type = element.find("type");
    bool panel = type != element.end() && type->is_string() && *type == "panel";
    if (auto children = element.find("elements"); panel && children != element.end())
      walk_elements(*children, pointer_join(where, "elements"), visit);
    if (auto rows = element.find("rows"); !panel && rows != element.end() && rows->is_array())
      for (std::size_t r = 0; r < rows->size(); ++r)
        if ((*rows)[r].is_object()) visit((*rows)[r], pointer_join(pointer_join(where, "rows"), r), true);
  }
}

void for_each_condition(const Json& element, const std::string& pointer, const ConditionVisitor& visit) {
  for (const char* key : {"visibleIf", "requiredIf"})
    if (auto it = element.find(key); it != element.end() && it->is_string())
      visit(it->get<std::string>(), pointer_join(pointer, key));
  auto validators = element.find("validators");
  if (validators == element.end() || !validators->is_array()) return;
  for (std::size_t v = 0; v < validators->size(); ++v) {
    const Json& validator = (*validators)[v];
    if (!validator.is_object()) continue;
    if (auto it = validator.find("expression"); it != validator.end() && it->is_string())
      visit(it->get<std::string>(), pointer_join(pointer_join(pointer_join(pointer, "validators"), v), "expression"));
  }
}

std::vector<std::string> answers_read(const std::string& source) {
  auto compiled = Expression::compile(source);
  if (!compiled.ok()) return {};
  return compiled->answer_refs();
}

std::set<std::string> question_ids(const Json& elements) {
  std::set<std::string> ids;
  walk_elements(elements, "", [&](const Json& element, const std::string&, bool is_row) {
    auto id = element.find("id");
    if (id == element.end() || !id->is_string()) return;
    auto type = element.find("type");
    bool block = !is_row && type != element.end() && (*type == "panel" || *type == "matrix");
    if (!block) ids.insert(id->get<std::string>());
  });
  return ids;
}

namespace {

void keep_languages_in_text(Json& text, const std::vector<std::string>& languages) {
  if (!text.is_object()) return;
  for (auto it = text.begin(); it != text.end();) {
    if (std::find(languages.begin(), languages.end(), it.key()) == languages.end())
      it = text.erase(it);
    else
      ++it;
  }
}

void keep_languages_in_field(Json& object, const char* key, const std::vector<std::string>& languages) {
  if (auto it = object.find(key); it != object.end()) keep_languages_in_text(*it, languages);
}

// A page, panel, question, matrix or matrix row: the same text fields.
void keep_languages_in_element(Json& element, const std::vector<std::string>& languages) {
  if (!element.is_object()) return;
  for (const char* key : {"title", "description", "text", "help", "minLabel", "maxLabel"})
    keep_languages_in_field(element, key, languages);
  if (auto role_text = element.find("roleText"); role_text != element.end() && role_text->is_object())
    for (auto& text : *role_text) keep_languages_in_text(text, languages);
  for (const char* list : {"options", "validators", "rows"}) {
    auto it = element.find(list);
    if (it == element.end() || !it->is_array()) continue;
    for (Json& item : *it) {
      if (!item.is_object()) continue;
      if (std::string_view(list) == "rows") keep_languages_in_element(item, languages);
      else keep_languages_in_field(item, std::string_view(list) == "options" ? "text" : "message", languages);
    }
  }
  if (auto children = element.find("elements"); children != element.end())
    keep_languages_in_elements(*children, languages);
}

}  // namespace

void keep_languages_in_elements(Json& elements, const std::vector<std::string>& languages) {
  if (!elements.is_array()) return;
  for (Json& element : elements) keep_languages_in_element(element, languages);
}

void keep_languages_in_survey(Json& survey, const std::vector<std::string>& languages) {
  if (auto roles = survey.find("roles"); roles != survey.end() && roles->is_array())
    for (Json& role : *roles)
      if (role.is_object()) keep_languages_in_field(role, "title", languages);
  if (auto dimensions = survey.find("dimensions"); dimensions != survey.end() && dimensions->is_array()) {
    for (Json& dimension : *dimensions) {
      if (!dimension.is_object()) continue;
      for (const char* key : {"title", "description", "strength"}) keep_languages_in_field(dimension, key, languages);
      if (auto tips = dimension.find("tips"); tips != dimension.end() && tips->is_object())
        for (Json& band : *tips)
          if (band.is_array())
            for (Json& tip : band) keep_languages_in_text(tip, languages);
    }
  }
  if (auto messages = survey.find("messages"); messages != survey.end() && messages->is_object())
    for (Json& text : *messages) keep_languages_in_text(text, languages);
  if (auto pages = survey.find("pages"); pages != survey.end())
    keep_languages_in_elements(*pages, languages);
}

void PointerMap::add(std::string from, ComposeFile file, std::string to) {
  rules_.push_back({std::move(from), file, std::move(to)});
}

std::pair<ComposeFile, std::string> PointerMap::map(std::string_view pointer) const {
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    // An empty `from` is the document itself: it maps the root only, so that
    // places no rule covers stay visibly unmapped.
    bool matches = rule.from.empty()
                       ? pointer.empty()
                       : pointer.starts_with(rule.from) &&
                             (pointer.size() == rule.from.size() || pointer[rule.from.size()] == '/');
    if (matches && (!best || rule.from.size() > best->from.size())) best = &rule;
  }
  if (!best) return {ComposeFile::composed, std::string(pointer)};
  return {best->file, best->to + std::string(pointer.substr(best->from.size()))};
}

std::string PointerMap::map_message(std::string_view message) const {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    bool starts_pointer = message[i] == '/' && (i == 0 || message[i - 1] == ' ');
    if (!starts_pointer) {
      out += message[i++];
      continue;
    }
    std::size_t end = i + 1;
    while (end < message.size() && message[end] != ' ' && message[end] != ',' && message[end] != ';' &&
           message[end] != ')' && message[end] != '"')
      ++end;
    std::string_view pointer = message.substr(i, end - i);
    auto [file, mapped] = map(pointer);
    out += file == ComposeFile::composed ? std::string(pointer) : mapped;
    i = end;
  }
  return out;
}

void ComposeLog::add(ComposeFile file, std::vector<Diagnostic> diagnostics) {
  for (Diagnostic& d : diagnostics) diagnostics_.push_back({file, std::move(d)});
}

bool ComposeLog::already_reported(ComposeFile file, const std::string& pointer) const {
  for (const ComposeDiagnostic& d : diagnostics_) {
    if (d.file != file || d.diagnostic.severity != Severity::error) continue;
    const std::string& place = d.diagnostic.error.pointer;
    if (pointer == place) return true;
    if (!place.empty() && pointer.starts_with(place) && pointer[place.size()] == '/') return true;
  }
  return false;
}

std::shared_ptr<const Survey> ComposeLog::load_mapped(const Json& survey, const PointerMap& map) {
  LoadResult result = load_survey(survey.dump(-1, ' ', false, Json::error_handler_t::replace));
  std::vector<ComposeDiagnostic> mapped;
  for (Diagnostic& d : result.diagnostics) {
    auto [file, pointer] = map.map(d.error.pointer);
    if (already_reported(file, pointer)) continue;
    d.error.pointer = pointer;
    d.error.message = map.map_message(d.error.message);
    mapped.push_back({file, std::move(d)});
  }
  for (ComposeDiagnostic& d : mapped) diagnostics_.push_back(std::move(d));
  return result.survey;
}

bool ComposeLog::has_errors() const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                     [](const ComposeDiagnostic& d) { return d.diagnostic.severity == Severity::error; });
}

bool load_standard(std::string_view text, StandardSurvey& out, ComposeLog& log) {
  LoadResult result = load_survey(text);
  if (!result.ok()) {
    log.add(ComposeFile::standard, std::move(result.diagnostics));
    return false;
  }
  out.model = result.survey;
  out.doc = parse_json(text).value();  // it loaded, so it parses
  for (const Dimension& d : out.model->dimensions) out.ids.insert(d.id);
  for (const Block& b : out.model->blocks) out.ids.insert(b.id);
  for (const Question& q : out.model->questions) out.ids.insert(q.id);
  return true;
}

const Json* CheckedBattery::item_elements(std::string_view id) const {
  for (const auto& [item_id, index] : items)
    if (item_id == id) return &doc["items"][index]["elements"];
  return nullptr;
}

}  // namespace sos::detail
