// Internals shared by the battery check and composition: walking survey
// elements in JSON, trimming localized texts to some languages, and loading a
// survey built from pieces of other files with its diagnostics mapped back.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_adapter.h"
#include "sos/compose.h"
#include "sos/survey.h"

namespace sos::detail {

// The id pattern of docs/survey-format.md: ^[a-z][a-z0-9_]{0,63}$.
bool is_valid_id(std::string_view id);

// Calls `visit` for every element of `elements` (questions, panels, matrices;
// nested panels included) and for every matrix row, in document order, with
// its JSON Pointer. Values that are not objects are skipped: the survey
// loader reports them.
using ElementVisitor = std::function<void(const Json& element, const std::string& pointer, bool is_row)>;
void walk_elements(const Json& elements, const std::string& pointer, const ElementVisitor& visit);

// Calls `visit` with the source and pointer of every condition of one element
// or row: visibleIf, requiredIf and validator expressions (strings only).
using ConditionVisitor = std::function<void(const std::string& source, const std::string& pointer)>;
void for_each_condition(const Json& element, const std::string& pointer, const ConditionVisitor& visit);

// The answer ids a condition reads; empty when it does not compile (the
// survey loader reports that).
std::vector<std::string> answers_read(const std::string& source);

// The ids of every question and matrix row under `elements`.
std::set<std::string> question_ids(const Json& elements);

// Keep only `languages` in every localized text (objects only; anything else
// is left for the loader to report).
void keep_languages_in_elements(Json& elements, const std::vector<std::string>& languages);
void keep_languages_in_survey(Json& survey, const std::vector<std::string>& languages);

// Maps JSON Pointers of a survey built from pieces back to the files the
// pieces came from. A rule maps `from` and everything under it.
class PointerMap {
 public:
  void add(std::string from, ComposeFile file, std::string to);
  // The file and pointer for `pointer`: the longest matching rule wins; none
  // matches -> {ComposeFile::composed, pointer}.
  std::pair<ComposeFile, std::string> map(std::string_view pointer) const;
  // `message` with every pointer it quotes mapped the same way (the loader
  // names the first place of a duplicate id in its message).
  std::string map_message(std::string_view message) const;

 private:
  struct Rule {
    std::string from;
    ComposeFile file;
    std::string to;
  };
  std::vector<Rule> rules_;
};

// Collects compose diagnostics; a problem already reported at a place is not
// reported again by the survey loader at the same place or below it.
class ComposeLog {
 public:
  void add(ComposeFile file, std::vector<Diagnostic> diagnostics);
  // Loads `survey` and adds its diagnostics, mapped with `map`, leaving out
  // those at a place where `file` already has an error. Returns the survey
  // (null when it does not load).
  std::shared_ptr<const Survey> load_mapped(const Json& survey, const PointerMap& map);

  bool has_errors() const;
  std::vector<ComposeDiagnostic>& diagnostics() { return diagnostics_; }

 private:
  bool already_reported(ComposeFile file, const std::string& pointer) const;
  std::vector<ComposeDiagnostic> diagnostics_;
};

// Loads the standard survey: its parsed JSON and model, or its diagnostics.
struct StandardSurvey {
  Json doc;
  std::shared_ptr<const Survey> model;
  std::set<std::string> ids;  // pages, panels, matrices, questions, rows, dimensions
};
bool load_standard(std::string_view text, StandardSurvey& out, ComposeLog& log);

// A checked battery: its parsed JSON and what composition needs from it.
struct CheckedBattery {
  Json doc;
  std::vector<std::pair<std::string, std::size_t>> items;  // item id -> index in doc["items"]
  std::set<std::string> ids;           // item, element and row ids
  std::set<std::string> question_ids;  // question and row ids
  // The "elements" array of item `id`, or null when there is no such item.
  const Json* item_elements(std::string_view id) const;
};
// Checks `text` as a battery for `standard`; false when it has an error.
bool load_battery(const StandardSurvey& standard, std::string_view text, CheckedBattery& out, ComposeLog& log);

}  // namespace sos::detail
