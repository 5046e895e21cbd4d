// The facade over the WebAssembly engine: the only code that touches the
// Emscripten module (docs/wasm-api.md). It turns the module's JSON text into
// objects, passes answers as JSON, supplies randomness for submissions and
// deletes every Embind object it creates. No survey rule lives here.

/** @typedef {import('./sos-engine').SosEngineModule} SosEngineModule */
/** @typedef {import('./sos-engine-report').SosEngineReportModule} SosEngineReportModule */
/** @typedef {import('./sos-engine').SessionHandle} SessionHandle */
/** @typedef {import('./sos-engine').SosEngineOptions} SosEngineOptions */

/**
 * @typedef {{code: string, pointer: string, message: string, text?: string}} EngineErrorBody
 * @typedef {{code: string, pointer: string, message: string, severity: 'error' | 'warning'}} Diagnostic
 * @typedef {{question: string, code: string, text: string}} Message
 * @typedef {{shown: string[], hidden: string[], cleared: string[]}} Changes
 * @typedef {{id: string, title: string}} RoleInfo
 * @typedef {{id: string, version: string, language: string, languages: string[],
 *   fallbackLanguage: string, roles: RoleInfo[],
 *   groupAttributes: {id: string, type: string, values: string[]}[]}} SurveyInfo
 * @typedef {{answered: number, required: number, percent: number}} Progress
 * @typedef {{ok: true, language: string} | {ok: false, error: EngineErrorBody}} StartResult
 * @typedef {{ok: true, changes: Changes} | {ok: false, error: EngineErrorBody}} AnswerResult
 * @typedef {{ok: true, contribution: string, comments: string[]} | {ok: false, error: EngineErrorBody}} SubmissionResult
 * @typedef {{ok: true, run: SurveyRun, survey: SurveyInfo, diagnostics: Diagnostic[]}
 *   | {ok: false, error: EngineErrorBody, diagnostics: Diagnostic[]}} OpenResult
 */

/** An engine call that can only fail through a programming error. */
export class EngineError extends Error {
  /** @param {EngineErrorBody} error */
  constructor(error) {
    super(`[${error.code}]${error.pointer ? ` (${error.pointer})` : ''} ${error.message}`);
    this.name = 'EngineError';
    this.code = error.code;
    this.pointer = error.pointer;
  }
}

/**
 * Instantiates the module and wraps it: the respondent's module
 * (sos-engine.mjs) offers openSurvey, the dashboard's (sos-engine-report.mjs)
 * reportView and openReport; both heapBytesInUse.
 * @param {(options?: SosEngineOptions) => Promise<SosEngineModule | SosEngineReportModule>} factory the module's default export
 * @param {SosEngineOptions} [options] e.g. {wasmBinary} under node
 * @returns {Promise<Engine>}
 */
export async function createEngine(factory, options = {}) {
  return new Engine(await factory(options));
}

export class Engine {
  /** @type {SosEngineModule | SosEngineReportModule} */
  #module;

  /** @param {SosEngineModule | SosEngineReportModule} module */
  constructor(module) {
    this.#module = module;
  }

  /**
   * The module, when it offers `name`: a call into the other module is a
   * programming error.
   * @template {SosEngineModule | SosEngineReportModule} M
   * @param {string} name
   * @returns {M}
   */
  #offering(name) {
    if (!(name in this.#module)) {
      throw new EngineError({ code: 'facade.wrong_module', pointer: '', message: `this engine module has no ${name}` });
    }
    return /** @type {M} */ (this.#module);
  }

  /**
   * Loads a survey definition. On success the result holds a SurveyRun,
   * which the caller must dispose().
   * @param {string} surveyJson
   * @returns {OpenResult}
   */
  openSurvey(surveyJson) {
    /** @type {SosEngineModule} */
    const module = this.#offering('Session');
    const handle = new module.Session();
    const loaded = JSON.parse(handle.load(surveyJson));
    if (!loaded.ok) {
      handle.delete();
      return { ok: false, error: loaded.error, diagnostics: loaded.diagnostics };
    }
    return { ok: true, run: new SurveyRun(handle), survey: loaded.survey, diagnostics: loaded.diagnostics };
  }

  /**
   * The dashboard's figures for one view (docs/report.md, "sos-report-request/1"):
   * the endpoint's release, progress and benchmark bodies in, the report view out.
   * @param {string} surveyJson the wave's survey
   * @param {object} request the view request
   * @returns {{ok: true, view: any} | {ok: false, error: EngineErrorBody}}
   */
  reportView(surveyJson, request) {
    /** @type {SosEngineReportModule} */
    const module = this.#offering('reportView');
    return JSON.parse(module.reportView(surveyJson, JSON.stringify(request)));
  }

  /**
   * Loads one wave choice for many views (docs/report.md, JsonReport): the
   * request of reportView without "group". On success the result holds a
   * ReportRun answering views per group and language, which the caller must
   * dispose().
   * @param {string} surveyJson the wave's survey
   * @param {object} request the view request without its group
   * @returns {{ok: true, run: ReportRun} | {ok: false, error: EngineErrorBody}}
   */
  openReport(surveyJson, request) {
    /** @type {SosEngineReportModule} */
    const module = this.#offering('Report');
    const handle = new module.Report();
    const loaded = JSON.parse(handle.load(surveyJson, JSON.stringify(request)));
    if (!loaded.ok) {
      handle.delete();
      return { ok: false, error: loaded.error };
    }
    return { ok: true, run: new ReportRun(handle) };
  }

  /** Bytes the engine's heap holds now. */
  heapBytesInUse() {
    return this.#module.heapBytesInUse();
  }
}

/** One loaded wave choice of the dashboard: views per group and language. */
export class ReportRun {
  /** @type {import('./sos-engine-report').ReportHandle | null} */
  #handle;

  /** @param {import('./sos-engine-report').ReportHandle} handle */
  constructor(handle) {
    this.#handle = handle;
  }

  /**
   * The view of one group, as reportView gives it.
   * @param {string} group
   * @param {string} language
   * @returns {{ok: true, view: any} | {ok: false, error: EngineErrorBody}}
   */
  view(group, language) {
    if (!this.#handle) throw new EngineError({ code: 'facade.disposed', pointer: '', message: 'the report was disposed' });
    return JSON.parse(this.#handle.view(group, language));
  }

  /** Deletes the Embind object; the run is unusable afterwards. */
  dispose() {
    if (this.#handle && !this.#handle.isDeleted()) this.#handle.delete();
    this.#handle = null;
  }
}

/** One loaded survey and the respondent's session of it. */
export class SurveyRun {
  /** @type {SessionHandle | null} */
  #handle;

  /** @param {SessionHandle} handle */
  constructor(handle) {
    this.#handle = handle;
  }

  /** @returns {SessionHandle} */
  get #h() {
    if (!this.#handle) throw new EngineError({ code: 'facade.disposed', pointer: '', message: 'the survey run was disposed' });
    return this.#handle;
  }

  /**
   * @param {string} text JSON text from the module
   * @returns {any}
   */
  #must(text) {
    const result = JSON.parse(text);
    if (!result.ok) throw new EngineError(result.error);
    return result;
  }

  /** @param {string} language */
  surveyInfo(language) {
    return /** @type {SurveyInfo} */ (this.#must(this.#h.surveyInfo(language)).view);
  }

  /**
   * @param {{role: string, language: string, group: Record<string, boolean | string | number>}} start
   * @returns {StartResult}
   */
  start({ role, language, group }) {
    return JSON.parse(this.#h.start(role, language, JSON.stringify(group)));
  }

  /**
   * @param {string} saved the text save() returned
   * @returns {StartResult}
   */
  restore(saved) {
    return JSON.parse(this.#h.restore(saved));
  }

  get started() {
    return this.#h.started();
  }

  /**
   * @param {string} question
   * @param {number | string | string[] | null} value
   * @returns {AnswerResult}
   */
  setAnswer(question, value) {
    return JSON.parse(this.#h.setAnswer(question, JSON.stringify(value)));
  }

  /**
   * Sets an answer given as JSON text (a number field's text, say): the
   * engine, not JavaScript, decides whether it is a valid answer.
   * @param {string} question
   * @param {string} valueJson
   * @returns {AnswerResult}
   */
  setAnswerJson(question, valueJson) {
    return JSON.parse(this.#h.setAnswer(question, valueJson));
  }

  /**
   * @param {string} question
   * @returns {AnswerResult}
   */
  clearAnswer(question) {
    return JSON.parse(this.#h.clearAnswer(question));
  }

  /**
   * @param {string} language
   * @returns {string} the language in use (the survey's fallback when not offered)
   */
  setLanguage(language) {
    return this.#must(this.#h.setLanguage(language)).language;
  }

  /** The current page to render (docs/wasm-api.md, "page view"). */
  page() {
    return this.#must(this.#h.pageView()).view;
  }

  review() {
    return this.#must(this.#h.reviewView()).view;
  }

  profile() {
    return this.#must(this.#h.profileView()).view;
  }

  /** @returns {{moved: boolean, messages: Message[]}} */
  next() {
    const { moved, messages } = this.#must(this.#h.next());
    return { moved, messages };
  }

  /** @returns {boolean} whether it moved */
  previous() {
    return this.#must(this.#h.previous()).moved;
  }

  /**
   * @param {string} question
   * @returns {Message[]}
   */
  validateQuestion(question) {
    return this.#must(this.#h.validateQuestion(question)).messages;
  }

  /** @returns {Message[]} */
  validatePage() {
    return this.#must(this.#h.validatePage()).messages;
  }

  /** @returns {Message[]} */
  validateAll() {
    return this.#must(this.#h.validateAll()).messages;
  }

  /** @returns {Progress} */
  progress() {
    const { answered, required, percent } = this.#must(this.#h.progress());
    return { answered, required, percent };
  }

  /** @returns {string} the session as versioned JSON text */
  save() {
    return this.#must(this.#h.save()).state;
  }

  /**
   * Builds the contribution and the comments with fresh random ids.
   * @param {(bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>} [random] defaults to crypto.getRandomValues
   * @returns {SubmissionResult}
   */
  buildSubmission(random = (bytes) => globalThis.crypto.getRandomValues(bytes)) {
    const entropy = random(new Uint8Array(this.#h.submissionEntropyBytes()));
    const result = JSON.parse(this.#h.buildSubmission(entropy));
    entropy.fill(0);
    return result;
  }

  /** Deletes the Embind object; the run is unusable afterwards. */
  dispose() {
    if (this.#handle && !this.#handle.isDeleted()) this.#handle.delete();
    this.#handle = null;
  }

  get disposed() {
    return this.#handle === null;
  }
}
