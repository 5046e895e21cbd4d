// One respondent's session: answers, visibility, validation, navigation,
// progress, and saving and restoring it as JSON (docs/session-format.md).
//
//   auto s = sos::Session::start(survey, {"seller", "sv", R"({"selling":"volume"})"});
//   auto changes = s->set_answer("goals_clear", "4");   // JSON value text
//   auto move = s->next();                              // validates the page
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"
#include "sos/survey.h"
#include "sos/value.h"

namespace sos {

inline constexpr std::string_view kSessionFormat = "sos-session/1";

struct SessionStart {
  std::string role;
  std::string language;    // a survey language; otherwise the fallback is used
  std::string group_json;  // the group attributes: {"selling": "volume", ...}
};

// A validation message shown next to a question, in the session's language.
struct Message {
  std::string question;  // question id
  std::string code;      // "required", "min_selected", "validator", ...
  std::string text;
  friend bool operator==(const Message&, const Message&) = default;
};

// What an answer change did to the rest of the survey.
struct Changes {
  std::vector<std::string> shown;    // questions that became visible
  std::vector<std::string> hidden;   // questions that became hidden
  std::vector<std::string> cleared;  // answers removed because their question was hidden
};

struct Progress {
  int answered = 0;  // visible required questions with an answer
  int required = 0;  // visible required questions
  double ratio() const { return required == 0 ? 1.0 : static_cast<double>(answered) / required; }
};

struct PageMove {
  bool moved = false;
  std::vector<Message> messages;  // why it did not move
};

class Session {
 public:
  // Errors: "session.unknown_role", "session.missing_group_attribute",
  // "session.bad_group_attribute", "session.bad_group" (not a JSON object).
  static Result<Session> start(std::shared_ptr<const Survey> survey, const SessionStart& start);
  // Errors: "session.bad_state" (with the pointer of the problem),
  // "session.survey_mismatch" (saved for another survey or version), and
  // those of start().
  static Result<Session> restore(std::shared_ptr<const Survey> survey, std::string_view saved_json);

  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;  // values point into the session's own storage
  Session& operator=(const Session&) = delete;
  ~Session();

  const Survey& survey() const;
  const std::shared_ptr<const Survey>& survey_ptr() const;
  int role() const;
  const std::string& language() const;
  // Switches language; answers are kept. Unknown languages fall back.
  void set_language(std::string_view language);

  // Sets an answer from its JSON value text (4, "na", "yes", ["a","b"], 12.5,
  // "free text"); an empty string, empty list or null clears it. Errors
  // (pointer "/answers/ID"): "answer.unknown_question", "answer.hidden",
  // "answer.type_error", "answer.out_of_range", "answer.unknown_option",
  // "answer.duplicate_option", "answer.too_many", "answer.too_long",
  // "answer.too_precise". A rejected value is never stored.
  Result<Changes> set_answer(std::string_view question, std::string_view value_json);
  Result<Changes> clear_answer(std::string_view question);

  bool question_visible(int question) const;
  bool block_visible(int block) const;   // its conditions hold and it shows a question
  bool page_visible(int page) const;     // index into Survey::pages
  bool question_required(int question) const;
  // The answer as the expression language sees it (empty when hidden).
  const Value& value(int question) const;
  bool answered(int question) const;
  // The stored answer as JSON value text, "null" when none.
  std::string answer_json(int question) const;

  std::vector<Message> validate_question(int question) const;
  std::vector<Message> validate_page(int page) const;
  std::vector<Message> validate_all() const;

  int current_page() const;  // index into Survey::pages
  // Validates the current page and moves to the next visible one.
  PageMove next();
  // Moves to the previous visible page without validating; false at the start.
  bool previous();
  bool on_last_page() const;  // no visible page follows
  Progress progress() const;
  // Every visible page validates.
  bool complete() const;

  // Whether a dimension applies to this respondent's group.
  bool dimension_applies(int dimension) const;

  // The session as versioned JSON, for resume after a reload.
  std::string save() const;

  struct State;  // internal to the engine

 private:
  explicit Session(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sos
