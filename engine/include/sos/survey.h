// The survey model and its loader (docs/survey-format.md).
//
//   sos::LoadResult r = sos::load_survey(text);
//   for (const sos::Diagnostic& d : r.diagnostics) puts(d.to_string().c_str());
//   if (r.survey) { ... }   // loaded: safe to run
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sos/expr.h"
#include "sos/result.h"

namespace sos {

inline constexpr std::string_view kSurveyFormat = "sos-survey/1";

struct SurveyLimits {
  std::size_t max_bytes = 8 * 1024 * 1024;
  int max_questions = 5000;  // matrix rows included
  int max_pages = 500;
  int max_options = 100;
  int max_languages = 20;
  int max_roles = 20;
  int max_group_attributes = 50;
  int max_dimensions = 100;
  std::size_t max_text_length = 4000;
  int max_panel_depth = 8;
  ExpressionLimits expression;
};

// Texts by language code, sorted by code, with a std::map's lookups. A survey
// holds thousands of texts in a handful of languages: one small vector per
// text costs one allocation where a map costs one per language.
class LanguageTexts {
 public:
  using value_type = std::pair<std::string, std::string>;
  using const_iterator = std::vector<value_type>::const_iterator;

  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const_iterator find(std::string_view language) const;
  std::size_t count(std::string_view language) const { return find(language) == end() ? 0 : 1; }
  // Adds a text unless `language` has one already (as std::map::emplace).
  void emplace(std::string_view language, std::string_view text);
  void reserve(std::size_t languages) { entries_.reserve(languages); }

 private:
  std::vector<value_type> entries_;
};

// A text in every language of the survey.
struct Text {
  LanguageTexts by_language;
  // The text in `language`, else in `fallback`, else empty.
  std::string_view in(std::string_view language, std::string_view fallback) const;
  bool empty() const { return by_language.empty(); }
};

struct Role {
  std::string id;
  Text title;
};

enum class AttributeType { boolean, choice, number };

struct GroupAttribute {
  std::string id;
  AttributeType type = AttributeType::boolean;
  std::vector<std::string> values;  // for choice
};

struct Dimension {
  std::string id;
  Text title;
  Text description;
  std::optional<Expression> not_applicable_if;  // reads group attributes only
  Text strength;
  std::map<std::string, std::vector<Text>, std::less<>> tips;  // band id -> tips
};

// Interpretation bands over 1-5; the last has no max.
struct ScoreBand {
  std::string id;
  std::optional<double> max;
};

enum class QuestionType { likert, choice, multichoice, number, comment };

// The type as the format spells it: "likert", "choice", ...
const char* question_type_name(QuestionType type);

struct Option {
  std::string value;
  Text text;
};

struct ScoreRule {
  int dimension = -1;  // index into Survey::dimensions
  bool reverse = false;
  int weight = 1;
};

struct Validator {
  Expression expression;
  Text message;
};

// Pages, panels and matrices are blocks: they hold questions, may be shown
// to some roles only and may carry a condition.
enum class BlockKind { page, panel, matrix };

struct ElementRef {
  bool is_block = false;
  int index = 0;  // into Survey::blocks or Survey::questions
};

struct Block {
  BlockKind kind = BlockKind::page;
  std::string id;
  std::string pointer;  // JSON Pointer in the survey file
  Text title;
  Text description;
  std::optional<Expression> visible_if;
  std::vector<int> roles;  // indexes into Survey::roles; empty means all
  int parent = -1;         // enclosing block, -1 for a page
  std::vector<ElementRef> children;
  // matrix only: the shared scale
  bool not_applicable = false;
  Text min_label, max_label;
  bool required = false;
};

// A question; each matrix row is a likert question whose `matrix` is its block.
struct Question {
  std::string id;
  std::string pointer;
  QuestionType type = QuestionType::likert;
  Text text;
  std::map<int, Text> role_text;  // role index -> wording for that role
  Text help;
  bool required = false;
  std::optional<Expression> required_if;
  std::optional<Expression> visible_if;
  std::vector<int> roles;
  int block = -1;   // innermost enclosing block
  int page = -1;    // index into Survey::pages
  int matrix = -1;  // block index when this is a matrix row
  // likert
  bool not_applicable = false;
  Text min_label, max_label;
  std::optional<ScoreRule> score;
  // choice, multichoice
  std::vector<Option> options;
  int min_selected = 0;
  int max_selected = 0;  // 0: no maximum beyond the number of options
  // number
  double min = 0, max = 0;
  int decimals = 0;
  // comment
  int max_length = 2000;
  std::vector<Validator> validators;

  // The text for a role: its roleText where there is one.
  const Text& text_for(int role) const;
  int option_index(std::string_view value) const;  // -1 when unknown
};

struct Survey {
  std::string id;
  std::string version;
  std::vector<std::string> languages;
  std::string fallback_language;
  std::vector<Role> roles;
  std::vector<GroupAttribute> group_attributes;
  std::vector<Dimension> dimensions;
  std::vector<ScoreBand> score_bands;
  std::vector<Block> blocks;
  std::vector<int> pages;  // block indexes of the pages, in order
  std::vector<Question> questions;  // in document order
  std::map<std::string, Text, std::less<>> messages;  // overrides of built-in messages

  int question_index(std::string_view id) const;  // -1 when unknown
  int role_index(std::string_view id) const;
  int dimension_index(std::string_view id) const;
  int group_attribute_index(std::string_view id) const;

  // For each question, the conditions that read it (by expression owner):
  // lets a session re-evaluate only what an answer change can affect.
  struct Dependents {
    std::vector<int> blocks;     // blocks whose visibleIf reads it
    std::vector<int> questions;  // questions whose visibleIf or requiredIf read it
  };
  std::vector<Dependents> dependents;  // indexed like questions
  // Blocks and questions in an order where every condition's inputs come
  // first (conditions form no cycle), used for full evaluation.
  std::vector<ElementRef> evaluation_order;

 private:
  friend struct SurveyIndex;
  std::vector<int> questions_by_id_;  // question indexes sorted by id, for question_index()
};

struct LoadResult {
  std::shared_ptr<const Survey> survey;  // null when there is any error
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in document order

  bool ok() const { return survey != nullptr; }
};

LoadResult load_survey(std::string_view json_text, const SurveyLimits& limits = {});

}  // namespace sos
