// The dashboard's WebAssembly module (wasm/report_bindings.cpp), kept by hand
// like sos-engine.d.ts: tests/wasm/exports.test.mjs compares every name here
// with the real module's exports. www/lib/engine.js is the only code that
// calls it.
import type { SosEngineOptions } from './sos-engine';

export interface SosEngineReportModule {
  /** Bytes in use on the engine's heap (malloc), for memory figures. */
  heapBytesInUse(): number;
  /** The dashboard's report view (docs/report.md): {"ok","view"} or {"ok":false,"error"}. */
  reportView(surveyJson: string, requestJson: string): string;
}

declare function createSosEngineReport(options?: SosEngineOptions): Promise<SosEngineReportModule>;
export default createSosEngineReport;
