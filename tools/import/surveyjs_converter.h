// Internal: the SurveyJS converter's state, shared by its implementation
// files (survey and containers, questions, conditions).
#pragma once

#include <nlohmann/json.hpp>

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "import/import_ids.h"
#include "import/import_text.h"
#include "import/sj_translate.h"
#include "import/surveyjs.h"

namespace sos::import::detail {

using Json = nlohmann::ordered_json;

// One SurveyJS element and what it becomes.
struct Planned {
  enum class As { page, panel, likert, choice, multichoice, number, comment, matrix, matrix_rows, dropped };
  As as = As::dropped;
  const Json* sj = nullptr;
  std::string pointer;  // in the SurveyJS file
  std::string type;     // SurveyJS type
  std::string name;     // SurveyJS name
  std::string id;
  RefInfo* ref = nullptr;  // questions and matrices
  struct Option {
    Json raw;
    std::string value;
    Json text;  // a text placeholder
  };
  std::vector<Option> options;  // choice, multichoice; the columns of a matrix of choices
  struct Row {
    Json raw;
    std::string id;
    std::string pointer;
    Json text;
    const Json* visible_if = nullptr;
    RefInfo* ref = nullptr;
  };
  std::vector<Row> rows;  // matrix, matrix_rows
  bool likert_rows = false;
  double min = 0, max = 0;
  int decimals = 0;
  int max_length = 0;
  int min_selected = 0, max_selected = 0;
  Json min_label, max_label;  // likert scale labels (placeholders) or null
  std::vector<Planned> children;  // page, panel
};

// SurveyJS names as survey-core resolves them in expressions: exactly, then
// "matrix.row".
class Names : public RefResolver {
 public:
  const RefInfo* find(std::string_view name) const override;
  void add(const std::string& name, const RefInfo* ref) { by_name_.emplace(name, ref); }
  bool has(const std::string& name) const { return by_name_.count(name) > 0; }
  // While translating a question's validators for its unanswered case, the
  // question reads as unanswered.
  void set_unanswered(std::string name) { unanswered_ = std::move(name); }

 private:
  std::map<std::string, const RefInfo*> by_name_;
  std::string unanswered_;
};

class Converter {
 public:
  explicit Converter(const Options& options) : options_(options), texts_(options.language) {}
  Result<Conversion> run(const Json& doc);

 private:
  // surveyjs_convert.cpp: the survey, pages and panels
  void warn(std::string code, std::string pointer, std::string message, WarningKind kind);
  void survey_settings(const Json& doc);
  void plan_elements(const Json& elements, const std::string& pointer, int depth, std::vector<Planned>& out);
  Planned plan_panel(const Json& el, const std::string& pointer, int depth);
  std::optional<Json> emit(const Planned& p);
  std::optional<Json> emit_container(const Planned& p);
  void common_properties(const Json& el, const std::string& pointer, bool is_container);
  Json text_of(const Json& el, const std::string& pointer, const char* key, const std::string& fallback);
  void report_questions(const std::vector<Planned>& plans, Json& out) const;

  // surveyjs_questions.cpp: what each question type becomes
  Planned plan_question(const Json& el, const std::string& pointer, const std::string& type);
  bool plan_options(const Json& el, const std::string& pointer, Planned& p);
  void plan_choice(const Json& el, Planned& p, bool multi);
  void plan_boolean(const Json& el, Planned& p);
  void plan_rating(const Json& el, Planned& p);
  void plan_text(const Json& el, Planned& p, bool comment);
  void plan_matrix(const Json& el, Planned& p);
  RefInfo* new_ref(RefInfo info);
  std::optional<Json> emit_question(const Planned& p);
  std::optional<Json> emit_matrix(const Planned& p);

  // surveyjs_logic.cpp: conditions, requirements and validators
  // The translated condition at el[key], or nullopt (absent, or dropped
  // with a warning).
  std::optional<out::NodePtr> condition(const Json& el, const std::string& pointer, const char* key);
  std::optional<out::NodePtr> translate(const std::string& source, const std::string& pointer, const char* what);
  void visibility(const Json& el, const std::string& pointer, Json& out);
  // required/requiredIf/validators of a question; `extra_required` is an
  // extra requirement (matrix rows: "the other rows are empty").
  void requirement_and_validators(const Planned& p, Json& out, std::optional<out::NodePtr> matrix_required = {});
  std::optional<Json> validator(const Planned& p, const Json& v, const std::string& pointer,
                                std::vector<out::NodePtr>& unanswered_errors);

  Options options_;
  TextTable texts_;
  IdAllocator ids_;
  Names names_;
  std::deque<RefInfo> refs_;
  std::vector<Warning> warnings_;
  Json report_ids_ = Json::array();
  Json report_conditions_ = Json::array();
  bool conditional_question_ = false;   // some question or row has a condition
  bool conditional_container_ = false;  // some page or panel has a condition
  int unnamed_ = 0;
};

// Marks an element of the converted survey with the SurveyJS pointer of its
// visibleIf until the survey is checked; strip_origins() removes the marks.
inline constexpr const char* kOrigin = "$surveyjs";
void strip_origins(Json& node, const std::string& pointer, std::map<std::string, std::string>& origins);

std::string pointer_join(const std::string& pointer, const std::string& key);
std::string pointer_join(const std::string& pointer, std::size_t index);

}  // namespace sos::import::detail
