// The WebAssembly module's own API (wasm/bindings.cpp), kept by hand:
// Emscripten 3.1.6 cannot emit it. tests/wasm/exports.test.mjs compares
// every name here with the real module's exports. Every method returns JSON
// text whose shapes are described in docs/wasm-api.md; www/lib/engine.js is
// the only code that calls them.

/** What Embind gives every object of a bound class. */
export interface EmbindHandle {
  delete(): void;
  isDeleted(): boolean;
  isAliasOf(other: EmbindHandle): boolean;
  clone(): this;
  deleteLater(): this;
}

/** One survey and at most one session of it (sos::JsonSession). */
export interface SessionHandle extends EmbindHandle {
  /** {"ok","diagnostics":[...],"survey":{...}} */
  load(surveyJson: string): string;
  /** {"ok","view":{survey info}} */
  surveyInfo(language: string): string;
  /** {"ok","language"} or {"ok":false,"error"} */
  start(role: string, language: string, groupJson: string): string;
  restore(savedJson: string): string;
  started(): boolean;
  /** {"ok","changes":{"shown","hidden","cleared"}} or {"ok":false,"error":{...,"text"}} */
  setAnswer(question: string, valueJson: string): string;
  clearAnswer(question: string): string;
  setLanguage(language: string): string;
  pageView(): string;
  reviewView(): string;
  profileView(): string;
  /** {"ok","moved","messages"} */
  next(): string;
  previous(): string;
  validateQuestion(question: string): string;
  validatePage(): string;
  validateAll(): string;
  progress(): string;
  /** {"ok","state":"<saved session JSON text>"} */
  save(): string;
  submissionEntropyBytes(): number;
  /** {"ok","contribution":"<JSON text>","comments":["<JSON text>"]} */
  buildSubmission(entropy: Uint8Array | string): string;
}

/** The respondent's module (wasm/bindings.cpp); the report view is in sos-engine-report.d.ts. */
export interface SosEngineModule {
  Session: { new (): SessionHandle };
  /** Bytes in use on the engine's heap (malloc), for memory figures. */
  heapBytesInUse(): number;
}

export interface SosEngineOptions {
  /** The .wasm bytes, when fetching by URL is not possible (node 20). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  onAbort?: (what: unknown) => void;
  /** Instantiates the module itself (e.g. from a module compiled earlier); returns {} and calls receive. */
  instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
}

declare function createSosEngine(options?: SosEngineOptions): Promise<SosEngineModule>;
export default createSosEngine;
