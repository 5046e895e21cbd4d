// What an app needs to render a session, as JSON text (docs/wasm-api.md):
// the current page with its localized texts and answers, the review of every
// answer, the respondent's own profile, and a session driven entirely through
// JSON text so that the WebAssembly bindings only forward.
//
//   sos::JsonSession s;
//   s.load(survey_text);                        // {"ok":true,"diagnostics":[],...}
//   s.start("seller", "sv", R"({"selling":"volume"})");
//   s.set_answer("goals_clear", "4");           // {"ok":true,"changes":{...}}
//   puts(s.page_view().c_str());                // the page to draw
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sos/result.h"
#include "sos/session.h"
#include "sos/survey.h"

namespace sos {

// {"id","version","language","languages","fallbackLanguage",
//  "roles":[{"id","title"}],"groupAttributes":[{"id","type","values"}]}
// with titles in `language` (or the fallback when the survey lacks it).
std::string survey_info_json(const Survey& survey, std::string_view language);

// The current page: its visible panels, matrices and questions in order with
// texts in the session's language and role wording, current answers,
// progress and navigation.
std::string page_view_json(const Session& session);

// Every visible answered question with its localized answer text, page by
// page, plus whether the session is complete and what is still missing.
std::string review_json(const Session& session);

// The respondent's preliminary profile: each dimension's localized title and
// score (one decimal for display), dimensions that do not apply marked.
std::string profile_json(const Session& session);

// The respondent-facing text for an answer set_answer refused, in the
// session's language: "Enter a number from 0 to 50.", "Choose at most 2.",
// "Keep it to 200 characters."; the engine's own message for errors an app's
// controls cannot produce.
std::string answer_error_text(const Session& session, const Error& error);

// [{"question","code","text"}]
std::string messages_json(const std::vector<Message>& messages);
// {"code","pointer","message"}
std::string error_json(const Error& error);

// A survey and at most one session of it, driven through JSON text (its
// parameters are std::string because Embind binds no string_view). Every
// call returns {"ok":true,...} or {"ok":false,"error":{"code","pointer",
// "message"}}; nothing throws. Calls that need a session before one is
// started return the error "session.not_started"; those that need a survey
// before one is loaded, "survey.not_loaded".
class JsonSession {
 public:
  JsonSession();
  ~JsonSession();
  JsonSession(const JsonSession&) = delete;
  JsonSession& operator=(const JsonSession&) = delete;

  // {"ok","diagnostics":[{"severity","code","pointer","message"}],"survey":info}
  // A new survey ends any session of the previous one.
  std::string load(const std::string& survey_json);
  // The loaded survey's info in `language`.
  std::string survey_info(const std::string& language) const;
  std::string start(const std::string& role, const std::string& language, const std::string& group_json);
  std::string restore(const std::string& saved_json);
  bool started() const;

  // {"ok":true,"changes":{"shown","hidden","cleared"}}; a refused answer's
  // error carries "text", its answer_error_text.
  std::string set_answer(const std::string& question, const std::string& value_json);
  std::string clear_answer(const std::string& question);
  // {"ok":true,"language":"sv"} (the language in use after fallback)
  std::string set_language(const std::string& language);

  std::string page_view() const;     // {"ok":true,"view":<page_view_json>}
  std::string review_view() const;   // {"ok":true,"view":<review_json>}
  std::string profile_view() const;  // {"ok":true,"view":<profile_json>}
  // {"ok":true,"moved":bool,"messages":[...]}: validates the page first.
  std::string next();
  // {"ok":true,"moved":bool}
  std::string previous();
  // {"ok":true,"messages":[...]} for one question, the current page, all.
  std::string validate_question(const std::string& question) const;
  std::string validate_page() const;
  std::string validate_all() const;
  // {"ok":true,"answered","required","percent"}
  std::string progress() const;
  // {"ok":true,"state":"<saved session JSON text>"}
  std::string save() const;

  // Random bytes build_submission needs; 0 without a session.
  int submission_entropy_bytes() const;
  // {"ok":true,"contribution":"<JSON text>","comments":["<JSON text>",...]}
  std::string build_submission(const std::string& entropy) const;

 private:
  std::shared_ptr<const Survey> survey_;
  std::optional<Session> session_;
};

}  // namespace sos
