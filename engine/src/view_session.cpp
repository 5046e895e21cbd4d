// This file offers sos::JsonSession: a survey and its session driven through
// JSON text, so the WebAssembly bindings stay declarations.
#include <csetjmp>
#include <cstdlib>
#include <exception>
#include <new>

#include "sos/contribution.h"
#include "sos/view.h"
#include "view_json.h"

namespace sos {
namespace {

using detail::JsonObject;

std::string ok(JsonObject body = {}) { return body.boolean("ok", true).str(); }

// One member besides "ok".
std::string ok(std::string_view key, std::string json) {
  JsonObject body;
  body.raw(key, std::move(json));
  return ok(std::move(body));
}

std::string fail(const Error& error) {
  return JsonObject().boolean("ok", false).raw("error", detail::error_object(error).str()).str();
}

const Error kNotStarted{"session.not_started", "", "no session is started: call start or restore first"};
const Error kNotLoaded{"survey.not_loaded", "", "no survey is loaded: call load first"};

// Nothing may escape into JavaScript as an exception: an engine bug or an
// exhausted memory becomes an error value the app can show.
// One catching function for every call (not one per call's lambda) keeps
// the module small.
#if __cpp_exceptions
std::string guarded_call(std::string (*run)(const void* body), const void* body) {
  try {
    return run(body);
  } catch (const std::bad_alloc&) {
    return fail({"engine.out_of_memory", "", "the engine ran out of memory"});
  } catch (const std::exception& e) {
    return fail({"engine.internal", "", std::string("internal error: ") + e.what()});
  }
}
#else
// The respondent's WebAssembly module is built without exceptions (their
// landing pads were a tenth of its size), and nothing in the engine throws but
// operator new. So an allocation that fails jumps back here through the new
// handler instead. The jump drops the call's frames without their destructors:
// what that call had allocated stays allocated, which is why a reserve is freed
// first so the error itself can still be written.
constexpr std::size_t kOutOfMemoryReserve = 64 * 1024;
std::jmp_buf* out_of_memory_jump = nullptr;
// Taken when the module starts, so it is there however full the heap gets.
void* out_of_memory_reserve = std::malloc(kOutOfMemoryReserve);

[[noreturn]] void on_out_of_memory() {
  if (out_of_memory_jump != nullptr) std::longjmp(*out_of_memory_jump, 1);
  std::abort();
}

std::string guarded_call(std::string (*run)(const void* body), const void* body) {
  std::jmp_buf here;
  if (setjmp(here) != 0) {
    out_of_memory_jump = nullptr;
    std::free(out_of_memory_reserve);
    out_of_memory_reserve = nullptr;
    return fail({"engine.out_of_memory", "", "the engine ran out of memory"});
  }
  if (out_of_memory_reserve == nullptr) out_of_memory_reserve = std::malloc(kOutOfMemoryReserve);
  std::set_new_handler(on_out_of_memory);
  out_of_memory_jump = &here;
  std::string out = run(body);
  out_of_memory_jump = nullptr;
  return out;
}
#endif

template <typename F>
std::string guarded(const F& body) {
  return guarded_call([](const void* f) { return (*static_cast<const F*>(f))(); }, &body);
}

std::string refused(const Session& session, const Error& error) {
  JsonObject details = detail::error_object(error);
  details.string("text", answer_error_text(session, error));
  return JsonObject().boolean("ok", false).raw("error", details.str()).str();
}

std::string changes_json(const Changes& c) {
  return JsonObject().strings("shown", c.shown).strings("hidden", c.hidden).strings("cleared", c.cleared).str();
}

// The views are the engine's own JSON text, inserted as they are.
std::string view(std::string json_text) { return ok("view", std::move(json_text)); }

}  // namespace

JsonSession::JsonSession() = default;
JsonSession::~JsonSession() = default;

std::string JsonSession::load(const std::string& survey_json) {
  return guarded([&] {
    session_.reset();
    LoadResult result = load_survey(survey_json);
    survey_ = result.survey;
    detail::JsonWriter diagnostics;
    diagnostics.begin_array();
    for (const Diagnostic& d : result.diagnostics) {
      JsonObject item = detail::error_object(d.error);
      item.string("severity", d.severity == Severity::error ? "error" : "warning");
      diagnostics.raw(item.str());
    }
    JsonObject out;
    out.boolean("ok", result.ok()).raw("diagnostics", diagnostics.end_array().take());
    if (result.ok()) {
      out.raw("survey", survey_info_json(*survey_, survey_->fallback_language));
    } else {
      out.raw("error", detail::error_object({"survey.invalid", "", "the survey has errors; see diagnostics"}).str());
    }
    return out.str();
  });
}

std::string JsonSession::survey_info(const std::string& language) const {
  if (!survey_) return fail(kNotLoaded);
  return guarded([&] { return view(survey_info_json(*survey_, language)); });
}

std::string JsonSession::start(const std::string& role, const std::string& language, const std::string& group_json) {
  if (!survey_) return fail(kNotLoaded);
  return guarded([&] {
    auto session = Session::start(survey_, {std::string(role), std::string(language), std::string(group_json)});
    if (!session.ok()) return fail(session.error());
    session_.emplace(std::move(session).value());
    return ok("language", detail::json_string(session_->language()));
  });
}

std::string JsonSession::restore(const std::string& saved_json) {
  if (!survey_) return fail(kNotLoaded);
  return guarded([&] {
    auto session = Session::restore(survey_, saved_json);
    if (!session.ok()) return fail(session.error());
    session_.emplace(std::move(session).value());
    return ok("language", detail::json_string(session_->language()));
  });
}

bool JsonSession::started() const { return session_.has_value(); }

std::string JsonSession::set_answer(const std::string& question, const std::string& value_json) {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    auto changes = session_->set_answer(question, value_json);
    if (!changes.ok()) return refused(*session_, changes.error());
    return ok("changes", changes_json(changes.value()));
  });
}

std::string JsonSession::clear_answer(const std::string& question) {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    auto changes = session_->clear_answer(question);
    if (!changes.ok()) return fail(changes.error());
    return ok("changes", changes_json(changes.value()));
  });
}

std::string JsonSession::set_language(const std::string& language) {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    session_->set_language(language);
    return ok("language", detail::json_string(session_->language()));
  });
}

std::string JsonSession::page_view() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return view(page_view_json(*session_)); });
}

std::string JsonSession::review_view() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return view(review_json(*session_)); });
}

std::string JsonSession::profile_view() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return view(profile_json(*session_)); });
}

std::string JsonSession::next() {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    PageMove move = session_->next();
    JsonObject body;
    body.boolean("moved", move.moved).raw("messages", detail::messages_array(move.messages));
    return ok(std::move(body));
  });
}

std::string JsonSession::previous() {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return ok("moved", session_->previous() ? "true" : "false"); });
}

std::string JsonSession::validate_question(const std::string& question) const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    int q = survey_->question_index(question);
    if (q < 0)
      return fail({"answer.unknown_question", "/answers/" + std::string(question),
                   "no question \"" + std::string(question) + "\""});
    return ok("messages", detail::messages_array(session_->validate_question(q)));
  });
}

std::string JsonSession::validate_page() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    return ok("messages", detail::messages_array(session_->validate_page(session_->current_page())));
  });
}

std::string JsonSession::validate_all() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return ok("messages", detail::messages_array(session_->validate_all())); });
}

std::string JsonSession::progress() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return ok(detail::progress_object(session_->progress())); });
}

std::string JsonSession::save() const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] { return ok("state", detail::json_string(session_->save())); });
}

int JsonSession::submission_entropy_bytes() const {
  return session_ ? static_cast<int>(sos::submission_entropy_bytes(*session_)) : 0;
}

std::string JsonSession::build_submission(const std::string& entropy) const {
  if (!session_) return fail(kNotStarted);
  return guarded([&] {
    auto submission = sos::build_submission(*session_, entropy);
    if (!submission.ok()) return fail(submission.error());
    JsonObject body;
    body.string("contribution", submission->contribution_json).strings("comments", submission->comment_jsons);
    return ok(std::move(body));
  });
}

}  // namespace sos
