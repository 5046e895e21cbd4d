// Internal: the state behind sos::Session, shared by its implementation files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json_adapter.h"
#include "json_doc.h"
#include "sos/session.h"

namespace sos {

// A stored answer. Values it hands out point into its own strings, so the
// session never moves an answer once stored.
struct StoredAnswer {
  bool has = false;
  QuestionType type = QuestionType::likert;
  double number = 0;
  std::string text;
  std::vector<std::string> items;
  std::vector<Value> item_values;

  Value value() const;
};

struct Session::State {
  std::shared_ptr<const Survey> survey;
  int role = 0;
  std::string language;
  std::vector<std::string> group_text;  // storage for string attribute values
  std::vector<Value> group;
  std::vector<StoredAnswer> answers;
  std::vector<Value> values;             // effective values: empty when hidden
  std::vector<char> question_visible;
  std::vector<char> question_required;
  std::vector<char> block_open;          // role, parent and own condition hold
  std::vector<int> question_position;    // in Survey::evaluation_order
  std::vector<int> block_position;
  int page = 0;

  Scope scope() const { return {values, group}; }
  // Recomputes every condition in dependency order (after start or restore).
  void evaluate_all(Changes* changes);
  // Recomputes only what depends on `question`, whose answer just changed.
  void propagate(int question, Changes& changes);
};

namespace detail {

// Checks `value` against the question and stores it in `answer`; an empty
// value (null, "", []) clears. Errors carry the pointer "/answers/ID".
Status parse_answer(const Question& question, JsonRef value, StoredAnswer& answer);

// Reads and checks the group attributes against the survey.
Status read_group(const Survey& survey, JsonRef group, Session::State& state);

bool role_allowed(const std::vector<int>& roles, int role);

}  // namespace detail
}  // namespace sos
