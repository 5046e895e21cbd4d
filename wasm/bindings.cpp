// Embind declarations of the respondent's module: the engine's JsonSession as
// the JavaScript class `Session` (docs/wasm-api.md). Declarations only; every
// rule lives in engine/, every JSON shape in sos/view.h. The dashboard's
// report view is a module of its own (report_bindings.cpp), so a respondent's
// phone never downloads it.
#include <emscripten/bind.h>

#include "heap_bytes.h"
#include "sos/view.h"

EMSCRIPTEN_BINDINGS(sos_engine) {
  using sos::JsonSession;
  emscripten::class_<JsonSession>("Session")
      .constructor<>()
      .function("load", &JsonSession::load)
      .function("surveyInfo", &JsonSession::survey_info)
      .function("start", &JsonSession::start)
      .function("restore", &JsonSession::restore)
      .function("started", &JsonSession::started)
      .function("setAnswer", &JsonSession::set_answer)
      .function("clearAnswer", &JsonSession::clear_answer)
      .function("setLanguage", &JsonSession::set_language)
      .function("pageView", &JsonSession::page_view)
      .function("reviewView", &JsonSession::review_view)
      .function("profileView", &JsonSession::profile_view)
      .function("next", &JsonSession::next)
      .function("previous", &JsonSession::previous)
      .function("validateQuestion", &JsonSession::validate_question)
      .function("validatePage", &JsonSession::validate_page)
      .function("validateAll", &JsonSession::validate_all)
      .function("progress", &JsonSession::progress)
      .function("save", &JsonSession::save)
      .function("submissionEntropyBytes", &JsonSession::submission_entropy_bytes)
      .function("buildSubmission", &JsonSession::build_submission);
  emscripten::function("heapBytesInUse", &sos::wasm::heap_bytes_in_use);
}
