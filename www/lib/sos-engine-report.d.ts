// The dashboard's WebAssembly module (wasm/report_bindings.cpp), kept by hand
// like sos-engine.d.ts: tests/wasm/exports.test.mjs compares every name here
// with the real module's exports. www/lib/engine.js is the only code that
// calls it.
import type { EmbindHandle, SosEngineOptions } from './sos-engine';

/** The engine's JsonReport (sos/report.h): one wave choice loaded once, then views per group. */
export interface ReportHandle extends EmbindHandle {
  /** A "sos-report-request/1" without "group": {"ok":true} or {"ok":false,"error"}. */
  load(surveyJson: string, requestJson: string): string;
  /** One group's view in a language ("" = the request's): {"ok","view"} or {"ok":false,"error"}. */
  view(group: string, language: string): string;
}

export interface SosEngineReportModule {
  /** Bytes in use on the engine's heap (malloc), for memory figures. */
  heapBytesInUse(): number;
  /** The dashboard's report view (docs/report.md): {"ok","view"} or {"ok":false,"error"}. */
  reportView(surveyJson: string, requestJson: string): string;
  Report: { new (): ReportHandle };
}

declare function createSosEngineReport(options?: SosEngineOptions): Promise<SosEngineReportModule>;
export default createSosEngineReport;
