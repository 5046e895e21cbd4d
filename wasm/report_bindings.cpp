// Embind declarations of the dashboard's module: the engine's JsonReport as
// the JavaScript class `Report` and the one-shot `reportView`
// (docs/wasm-api.md, docs/report.md). Declarations only; every figure is
// computed in engine/ and every JSON shape lives in sos/report.h.
#include <emscripten/bind.h>

#include "heap_bytes.h"
#include "sos/report.h"

EMSCRIPTEN_BINDINGS(sos_report) {
  emscripten::function("heapBytesInUse", &sos::wasm::heap_bytes_in_use);
  // Survey text and view request in, {"ok", "view"|"error"} out.
  emscripten::function("reportView", &sos::report_view_json);
  // A wave choice loaded once, then one view per group and language: what
  // the dashboard calls, so a large tree is parsed once, not per view.
  using sos::JsonReport;
  emscripten::class_<JsonReport>("Report")
      .constructor<>()
      .function("load", &JsonReport::load)
      .function("view", &JsonReport::view);
}
