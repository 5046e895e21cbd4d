// Embind declarations of the dashboard's module: the report view as
// `reportView` (docs/wasm-api.md, docs/report.md). Declarations only; every
// figure is computed in engine/ and every JSON shape lives in sos/report.h.
#include <emscripten/bind.h>

#include "heap_bytes.h"
#include "sos/report.h"

EMSCRIPTEN_BINDINGS(sos_report) {
  emscripten::function("heapBytesInUse", &sos::wasm::heap_bytes_in_use);
  // The dashboard's one call (docs/report.md): survey text and view request
  // in, {"ok", "view"|"error"} out.
  emscripten::function("reportView", &sos::report_view_json);
}
