// The respondent app: resolves the invite token, loads the survey into the
// engine, and walks the respondent from role to pages, review, submission
// and their own profile. It renders what the engine says and transports what
// the engine builds; survey rules live in the engine only.
// What this file imports is what the first screen needs; the rest (survey
// pages, the end screens, sealing, the outbox, the service worker) comes in
// later.js, fetched once the first screen is up. The engine module's
// JavaScript is imported when the app boots, fetched alongside this file
// (index.html names it in a modulepreload hint, and its .wasm in a preload);
// the .wasm's compile starts as this code begins to run (engine-start.js).
// The first screen opens the survey in the respondent's language only, and
// the whole survey replaces it once that screen is up (moveToWholeSurvey).
import { engineOptions } from './engine-start.js';
import { createEngine } from '../lib/engine.js';
import { createTransport, TransportError, tokenFromHash } from '../lib/transport.js';
import { h } from './dom.js';
import { createEmbedEvents } from './embed-events.js';
import { storageKept, storageNotice } from './embed-storage.js';
import { languageNames, loadTexts, pickLanguage, translator, uiLanguages } from './i18n.js';
import { clearRefusals, keepInvite, keptInvite, outboxStatus } from './outbox-db.js';
import { offlineNotice, placeNotice } from './offline-notice.js';
import { createKioskClock, doneNote, isKiosk } from './kiosk.js';
import * as screens from './screens.js';
import * as store from './store.js';

/** @typedef {import('../lib/engine.js').SurveyRun} SurveyRun */
/** @typedef {import('../lib/transport.js').Invite} Invite */

const root = /** @type {HTMLElement} */ (document.getElementById('app'));

const state = {
  /** @type {string} */ token: '',
  /** @type {Invite | null} */ invite: null,
  /** @type {import('../lib/engine.js').Engine | null} */ engine: null,
  /** @type {string} */ surveyText: '',
  /** Whether the loaded survey is the one-language survey of the first screen (docs/respondent.md). */
  narrowed: false,
  /** @type {SurveyRun | null} */ run: null,
  /** @type {string[]} */ languages: [],
  language: 'en',
  /** @type {'loading' | 'role' | 'resume' | 'page' | 'review' | 'sending' | 'done' | 'error' | 'left'} */ step: 'loading',
  /** Messages shown next to questions: question id -> texts. */
  messages: /** @type {Map<string, string[]>} */ (new Map()),
  /** Questions whose last typed value the engine refused: the field's text and the JSON sent. */
  refused: /** @type {Map<string, {text: string, json: string}>} */ (new Map()),
  pageAlert: false,
  sendFailed: false,
  /** @type {any} the profile, held in memory only */ profile: null,
  /** @type {() => void} */ retry: () => {},
  /** @type {'page' | 'review'} where a resumed session goes on */ resumeStep: 'page',
  errorText: '',
};

const transport = createTransport({
  source: document.querySelector('meta[name="sos-invite-source"]')?.getAttribute('content') === 'api' ? 'api' : 'static',
});

const t = () => translator(state.language);

/** @typedef {typeof import('./later.js')} Later */
/** @type {Later | null} set once later.js has arrived */
let later = null;
/** @type {Promise<Later> | null} */
let loadingLater = null;

/**
 * later.js, asked for once. Sealed submissions wait in its outbox until
 * acknowledged (docs/offline.md); the status on the thank-you screen follows
 * it, and it goes out at every start and whenever the network returns.
 */
function loadLater() {
  loadingLater ??= import('./later.js').then((module) => {
    later = module;
    outbox = module.createOutbox({ send: (url, body) => transport.send(url, body), onChange: () => refreshStatus() });
    outbox.listen();
    outbox.flush();
    return module;
  });
  return loadingLater;
}

/**
 * Waits for later.js where a screen needs it; when it cannot be fetched (the
 * network went, and no service worker keeps it) the network error is shown.
 * @param {() => void} retry
 */
async function laterArrived(retry) {
  try {
    await loadLater();
    return true;
  } catch {
    fail(t()('networkError'), retry);
    return false;
  }
}

/** The code of screens after the first: there by the time any is shown (loadLater is awaited first). */
function lateCode() {
  if (!later) throw new Error('later.js is not loaded');
  return later;
}

/** @type {ReturnType<Later['createOutbox']> | null} */
let outbox = null;

async function refreshStatus() {
  const element = document.getElementById('outbox-status');
  if (element && state.token && outbox) await lateCode().showStatus(element, t(), await outbox.status(state.token), acknowledgeRefusal);
}

/**
 * The respondent has read that their submission was refused: the refusal
 * leaves the device (its entries left the outbox when refused), and the link
 * starts again with what the endpoint says of it now.
 */
async function acknowledgeRefusal() {
  await clearRefusals(state.token).catch(() => {});
  location.reload();
}

// Embedding (docs/embedding.md): the look asked for in the URL (read in
// boot(), its code fetched only when the URL has a query), the events for the
// host page, and whether answers can be kept on this device.
const embed = createEmbedEvents(window);
/** @type {{language: string | null}} */
let look = { language: null };
let storageNote = false;
// Set once the service worker's registration failed: offline use is not available.
let offlineNote = false;
/** The browser's preferred languages, after the one the embedding page asked for. */
const preferredLanguages = () => [...(look.language ? [look.language] : []), ...(navigator.languages ?? [navigator.language])];

// Kiosk mode (docs/kiosk.md): clocks that hand the device to the next person.
const kioskClock = createKioskClock(window, () => nextRespondent());

// ---- rendering -----------------------------------------------------------

function header() {
  const tr = t();
  const switcher = state.languages.length < 2 ? null : h('nav', { className: 'languages', 'aria-label': tr('language') },
    state.languages.map((l) => h('button', {
      type: 'button', lang: l, 'aria-pressed': l === state.language ? 'true' : 'false',
      onclick: () => switchLanguage(l),
    }, languageNames[/** @type {'sv' | 'en' | 'nb'} */ (l)] ?? l)));
  return h('header', { className: 'top' }, h('p', { className: 'app-title' }, tr('appTitle')), switcher);
}

/**
 * Replaces the screen. Focus goes to the new heading unless `keepFocus`
 * names an element to return to (a re-render of the same page).
 * @param {HTMLElement} main
 * @param {{keepFocus?: boolean, focus?: HTMLElement | null}} [options]
 */
function show(main, { keepFocus = false, focus = null } = {}) {
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const activeId = keepFocus && active?.id ? active.id : null;
  const selection = active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement
    ? [active.selectionStart, active.selectionEnd] : null;
  document.documentElement.lang = state.language;
  document.title = t()('appTitle');
  // The storage notice already says that nothing can be kept offline.
  if (storageNote) placeNotice(main, storageNotice(t(), embed.framed));
  else if (offlineNote) placeNotice(main, offlineNotice(t()));
  root.replaceChildren(header(), main);
  // Marks for bench/browser: the first screen a respondent can act on, and
  // the first survey page.
  if (state.step !== 'loading' && performance.getEntriesByName('sos:first-screen').length === 0) {
    performance.mark('sos:first-screen');
    afterFirstScreen();
  }
  if (state.step === 'page' && performance.getEntriesByName('sos:first-page').length === 0) {
    performance.mark('sos:first-page');
  }
  const again = activeId ? document.getElementById(activeId) : null;
  if (again) {
    again.focus();
    if (selection && (again instanceof HTMLTextAreaElement || (again instanceof HTMLInputElement && again.type === 'text'))) {
      again.setSelectionRange(selection[0], selection[1]);
    }
  } else if (focus) {
    focus.focus();
  } else if (!keepFocus) {
    main.querySelector('h1')?.focus();
    window.scrollTo(0, 0);
  }
}

function render(options = {}) {
  const tr = t();
  switch (state.step) {
    case 'loading': return show(screens.loading(tr), options);
    case 'error': return show(screens.failure(tr, state.errorText, state.retry), options);
    case 'role': return show(screens.role(tr, run().surveyInfo(state.language).roles, threshold(), startAs, answersKept()), options);
    case 'resume': return show(screens.resume(tr, continueSaved, startOver), options);
    case 'page': return renderPage(options);
    case 'review': return show(lateCode().review(tr, run().review(), threshold(), { previous: backFromReview, submit }, answersKept()), options);
    case 'sending': return show(lateCode().sending(tr, state.sendFailed, sendOutbox), options);
    case 'done': return show(doneScreen(tr), options);
    case 'left': return show(lateCode().left(tr), options);
  }
}

/** Whether answers are saved on the device along the way, as the privacy statement says. */
const answersKept = () => !isKiosk(state.invite) && !storageNote;

/** @param {ReturnType<typeof t>} tr */
function doneScreen(tr) {
  const kiosk = isKiosk(state.invite);
  const main = lateCode().done(tr, state.profile, { kiosk, leave, nextRespondent });
  // Sent, waiting or refused, from the outbox rather than assumed.
  main.querySelector('p[role=status]')?.replaceWith(h('div', { id: 'outbox-status', role: 'status' }, tr('outboxSaving')));
  queueMicrotask(refreshStatus);
  if (kiosk) {
    main.querySelector('.nav')?.before(doneNote(tr));
    kioskClock.done();
  }
  return main;
}

function renderPage(options = {}) {
  const tr = t();
  const view = run().page();
  const ctx = { answer, answerText, messages: state.messages, typed: state.refused, t: tr };
  const progress = view.progress;
  // autocomplete off: the browser keeps no copy of typed answers in its
  // session-restore files (docs/offline.md).
  const form = h('form', { className: 'page-form', novalidate: true, autocomplete: 'off', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); next(); } },
    lateCode().elements(view.elements, ctx),
    h('div', { className: 'nav' },
      view.navigation.previous ? h('button', { type: 'button', onclick: previous }, tr('previous')) : h('span'),
      h('button', { type: 'submit', className: 'primary' }, view.navigation.last ? tr('toReview') : tr('next'))));
  const main = h('main', { id: 'main' },
    h('div', { className: 'progress' },
      h('label', { for: 'progress-bar', className: 'sr-only' }, tr('progress')),
      h('progress', { id: 'progress-bar', max: 100, value: progress.percent }),
      h('p', { id: 'progress-text' }, tr('progressText', { answered: progress.answered, required: progress.required }))),
    h('p', { className: 'page-of' }, tr('pageOf', { n: view.page.number, count: view.page.count })),
    h('h1', { tabindex: '-1' }, view.page.title),
    view.page.description ? h('p', { className: 'help' }, view.page.description) : null,
    state.pageAlert ? h('div', { className: 'summary', role: 'alert', id: 'page-alert' }, h('p', {}, tr('fixErrors'))) : null,
    form);
  show(main, options);
}

function updateProgress() {
  const progress = run().progress();
  const bar = /** @type {HTMLProgressElement | null} */ (document.getElementById('progress-bar'));
  if (bar) bar.value = progress.percent;
  const text = document.getElementById('progress-text');
  if (text) text.textContent = t()('progressText', { answered: progress.answered, required: progress.required });
}

// ---- the session ---------------------------------------------------------

function run() {
  if (!state.run) throw new Error('no survey run');
  return state.run;
}

function threshold() {
  return state.invite?.anonymityThreshold;
}

/** Saves the engine's session on the device after every change. */
function persist() {
  // A shared device keeps no unfinished answers (docs/kiosk.md).
  if (isKiosk(state.invite)) return;
  if (state.run?.started && (state.step === 'page' || state.step === 'review')) {
    store.saveSession(state.token, { state: state.run.save(), step: state.step });
  }
}

/**
 * @param {string} id
 * @param {number | string | string[] | null} value
 * @param {boolean} [typed] typed text stays as typed when refused; a choice is drawn back
 */
function answer(id, value, typed = false) {
  const json = JSON.stringify(value);
  applyAnswer(id, run().setAnswerJson(id, json), !typed, { text: typeof value === 'string' ? value : '', json });
}

/**
 * A number field's text goes to the engine as JSON as it is (a decimal
 * comma read as a point): the engine decides whether it is a valid answer.
 * @param {string} text
 */
function numberJson(text) {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? 'null' : trimmed;
}

/** @param {string} id @param {string} fieldText */
function answerText(id, fieldText) {
  const json = numberJson(fieldText);
  applyAnswer(id, run().setAnswerJson(id, json), false, { text: fieldText, json });
}

/**
 * @param {string} id
 * @param {import('../lib/engine.js').AnswerResult} result
 * @param {boolean} isChoice a choice is redrawn with the page; typed text is left as typed
 * @param {{text: string, json: string}} sent the field's text and the JSON sent
 */
function applyAnswer(id, result, isChoice, sent) {
  const ctx = { answer, answerText, messages: state.messages, typed: state.refused, t: t() };
  if (!result.ok) {
    state.messages.set(id, [result.error.text ?? result.error.message]);
    if (!isChoice) state.refused.set(id, sent);
    if (isChoice) renderPage({ keepFocus: true });
    else lateCode().updateMessage(id, ctx);
    return;
  }
  state.refused.delete(id);
  persist();
  if (state.messages.has(id)) {
    const texts = run().validateQuestion(id).map((m) => m.text);
    if (texts.length) state.messages.set(id, texts);
    else state.messages.delete(id);
  }
  for (const hidden of result.changes.hidden) {
    state.messages.delete(hidden);
    state.refused.delete(hidden);
  }
  if (state.messages.size === 0) state.pageAlert = false;
  // A choice may change what is shown or required anywhere on the page, so
  // the page is drawn again from the engine's view; typed text is not
  // redrawn under the typist's fingers unless questions appeared or left.
  if (isChoice || result.changes.shown.length || result.changes.hidden.length) {
    renderPage({ keepFocus: true });
  } else {
    lateCode().updateMessage(id, ctx);
    updateProgress();
    if (!state.pageAlert) document.getElementById('page-alert')?.remove();
  }
}

function next() {
  const refused = [...state.refused.keys()].filter((id) => document.getElementById(`q-${id}`));
  if (refused.length) {
    state.pageAlert = true;
    renderPage({ keepFocus: true });
    lateCode().firstControl(refused[0])?.focus();
    return;
  }
  const move = run().next();
  if (move.moved) {
    state.messages.clear();
    state.pageAlert = false;
    persist();
    renderPage();
    return;
  }
  if (move.messages.length) {
    state.messages.clear();
    for (const m of move.messages) state.messages.set(m.question, [...(state.messages.get(m.question) ?? []), m.text]);
    state.pageAlert = true;
    renderPage({ keepFocus: true });
    lateCode().firstControl(move.messages[0].question)?.focus();
    return;
  }
  state.step = 'review';
  persist();
  render();
}

function previous() {
  state.messages.clear();
  state.refused.clear();
  state.pageAlert = false;
  run().previous();
  persist();
  renderPage();
}

function backFromReview() {
  state.step = 'page';
  persist();
  renderPage();
}

/** @param {string} language */
async function switchLanguage(language) {
  try {
    await loadTexts(language);
  } catch {
    return;  // not fetched (the network went): the screen stays in its language
  }
  // The one-language survey has no other language's texts.
  if (state.narrowed && !(await moveToWholeSurvey())) return;
  state.language = state.run?.started ? run().setLanguage(language) : language;
  // Messages already shown are asked again, in the new language.
  if (state.run?.started && state.step === 'page') {
    for (const [id, { json }] of state.refused) {
      const again = run().setAnswerJson(id, json);
      if (!again.ok) state.messages.set(id, [again.error.text ?? again.error.message]);
    }
    for (const id of [...state.messages.keys()]) {
      if (state.refused.has(id)) continue;
      const texts = run().validateQuestion(id).map((m) => m.text);
      if (texts.length) state.messages.set(id, texts);
      else state.messages.delete(id);
    }
  }
  persist();
  render({ keepFocus: true });
}

/** @param {string} roleId */
async function startAs(roleId) {
  // Fetched as soon as the first screen was up: normally here already.
  if (!(await laterArrived(() => location.reload()))) return;
  const invite = /** @type {Invite} */ (state.invite);
  const started = run().start({ role: roleId, language: state.language, group: invite.group.attributes });
  if (!started.ok) return fail(t()('surveyError', { detail: started.error.message }), null);
  embed.notify('started');
  if (isKiosk(invite)) kioskClock.answering();
  state.step = 'page';
  persist();
  render();
}

async function continueSaved() {
  if (!(await laterArrived(() => location.reload()))) return;
  state.step = state.resumeStep;
  render();
}

function startOver() {
  store.removeSession(state.token);
  freshRun();
  state.step = 'role';
  render();
}

/** A new run of the loaded survey, the old one deleted. */
function freshRun() {
  state.run?.dispose();
  state.messages.clear();
  state.refused.clear();
  state.pageAlert = false;
  const opened = /** @type {import('../lib/engine.js').Engine} */ (state.engine).openSurvey(state.surveyText);
  if (!opened.ok) throw new Error(opened.error.message);
  state.run = opened.run;
}

function submit() {
  const invite = /** @type {Invite} */ (state.invite);
  const built = run().buildSubmission();
  if (!built.ok) {
    state.step = 'review';
    return render();
  }
  state.profile = run().profile();
  state.step = 'sending';
  state.sendFailed = false;
  render();
  sealIntoOutbox(invite, built).then(() => {
    // Only sealed entries remain on the device: the session goes now.
    store.removeSession(state.token);
    state.run?.dispose();
    state.run = null;
    embed.notify('completed');
    state.step = 'done';
    render();
    lateCode().askPersistence();
    sendOutbox();
  }, () => {
    state.sendFailed = true;
    render();
  });
}

/**
 * The engine's contribution and comments, each sealed to the endpoint's key,
 * into the outbox in one transaction.
 * @param {Invite} invite @param {{contribution: string, comments: string[]}} built
 */
async function sealIntoOutbox(invite, built) {
  const { seal } = lateCode();
  const contribution = { url: invite.submit.contribution, body: await seal(invite.sealing, 'contribution', built.contribution) };
  const comments = await Promise.all(built.comments.map(async (text) => ({
    url: invite.submit.comment, body: await seal(invite.sealing, 'comment', text) })));
  await /** @type {NonNullable<typeof outbox>} */ (outbox).add(state.token, contribution, comments);
}

/** Sends what the outbox holds that is due (every invite's, not only this one's). */
function sendOutbox() {
  if (state.step === 'sending' && state.sendFailed) return submit();
  return outbox?.flush();
}

/** Leaving: the profile and everything else of this respondent is dropped. */
function leave() {
  state.profile = null;
  state.run?.dispose();
  state.run = null;
  state.step = 'left';
  render();
}

/**
 * Kiosk mode: the device goes back to a fresh start for the next person, with
 * nothing of the previous one: no profile, answers, messages or language
 * choice in memory or on screen, and no saved session (docs/kiosk.md).
 */
function nextRespondent() {
  kioskClock.stop();
  state.profile = null;
  store.removeSession(state.token);
  root.replaceChildren();
  freshRun();
  state.language = pickLanguage(state.languages, preferredLanguages());
  state.step = 'role';
  render();
}

/** @param {string} text @param {(() => void) | null} retry */
function fail(text, retry) {
  state.step = 'error';
  state.errorText = text;
  state.retry = retry ?? (() => {});
  render();
  if (!retry) document.querySelector('.primary')?.remove();
}

// ---- start ---------------------------------------------------------------

/** Resolved when the first screen a respondent can act on is up. */
let firstScreenUp = () => {};
const firstScreen = new Promise((resolve) => { firstScreenUp = () => resolve(undefined); });

/**
 * Once the first screen is up, the rest of the app's code arrives (and with
 * it the outbox goes out) and the service worker is registered: its precache
 * downloads the app's files again, which must not compete with the first
 * question.
 */
function afterFirstScreen() {
  firstScreenUp();
  loadLater().then(async (module) => {
    const registration = await module.registerServiceWorker();
    // Known only after the first screen: told there and on every screen after.
    if (registration || storageNote) return;
    offlineNote = true;
    const main = /** @type {HTMLElement | null} */ (root.querySelector('main'));
    if (main && !main.querySelector('.offline-note')) placeNotice(main, offlineNotice(t()));
  }, () => {
    // Not fetched (the network went): asked for again where a screen needs it.
    loadingLater = null;
  });
}

async function boot() {
  const token = tokenFromHash(location.hash);
  // What the first screen waits for starts at once and side by side: the
  // engine module (its JavaScript and .wasm were asked for by index.html),
  // the invite lookup and the survey's fetch, and the device's own records
  // (slow on a phone's first visit, when the database is created).
  const { options, failure } = engineOptions();
  const enginePromise = Promise.race([failure, import('sos-engine-module').then(({ default: factory }) => {
    performance.mark('sos:engine-code');
    return createEngine(factory, options);
  })]).then((engine) => {
    performance.mark('sos:engine-ready');
    return engine;
  });
  enginePromise.catch(() => {});  // awaited below; a failure is reported there
  // The respondent's language as far as it can be told before the invite
  // answers (the app's languages and the browser's preferences, after the
  // embedding page's): the survey is asked for in that language only, beside
  // the lookup. Both go out first unless the URL asks for a look.
  const lookUp = () => {
    state.language = pickLanguage(uiLanguages, preferredLanguages());
    const started = token ? transport.lookUp(token, state.language) : null;
    // Awaited below; a failure is handled there.
    started?.invite.catch(() => {});
    started?.survey.catch(() => {});
    return started;
  };
  let lookup = location.search ? null : lookUp();
  // A respondent link whose submission is still in the outbox, or was
  // refused, shows that status, also offline and after the survey closed; a
  // kiosk goes on to the next respondent. Both reads at once.
  const records = token ? Promise.all([keptInvite(token), outboxStatus(token).catch(() => ({ waiting: 0, refusals: [] }))]) : null;
  records?.catch(() => {});
  // Whether answers can be kept here, and a session saved here before: read
  // now, while the network is awaited, rather than after the survey opened.
  const keptHere = storageKept(embed);
  const savedHere = token ? store.loadSession(token) : Promise.resolve(null);
  keptHere.catch(() => {});  // awaited below
  // The language an embedding page asked for counts before the browser's.
  if (location.search) {
    const { applyLook, readLook } = await import('./embed-look.js');
    const asked = readLook(location.search, uiLanguages);
    applyLook(asked, document.documentElement);
    look = asked;
    lookup = lookUp();
  }
  await loadTexts(state.language).catch(() => {});
  if (!token || !lookup || !records) return fail(t()('badLink'), null);
  state.token = token;
  state.step = 'loading';
  render();
  // The device's records are awaited only where they decide (a failed
  // lookup, and before the first screen), so the survey's fetch and opening
  // do not wait for them: on a first visit they come late.
  const device = records.then(([kept, submitted]) => {
    performance.mark('sos:device-read');
    return { kept, status: kept && !isKiosk(kept) && (submitted.waiting > 0 || submitted.refusals.length > 0) ? kept : null };
  });
  /**
   * The link's submission status instead of the survey, when this device
   * holds a submission of it that is waiting or was refused.
   * @param {Invite} kept
   */
  const showStatus = async (kept) => {
    state.run?.dispose();
    state.run = null;
    state.invite = kept;
    state.languages = kept.languages.filter((/** @type {any} */ l) => uiLanguages.includes(l));
    state.language = pickLanguage(state.languages.length ? state.languages : uiLanguages, preferredLanguages());
    const texts = loadTexts(state.language).catch(() => {});
    if (!(await laterArrived(boot))) return;
    await texts;
    state.step = 'done';
    render();
    embed.notify('loaded');
  };
  let invite;
  let keeping = Promise.resolve();  // the lookup written to the device, not awaited before the first screen
  /** @type {Promise<{text: string, language: string | null}> | null} the survey of a fresh lookup, already on its way */
  let fetched = null;
  /** @type {{text: string, language: string | null}} the survey for the first screen; language set when narrowed to one */
  let first;
  try {
    // The lookup is kept from the first visit, so the survey opens offline;
    // a fresh one (a rotated key, a new state) replaces it when online.
    try {
      invite = await lookup.invite;
      performance.mark('sos:invite-resolved');
      fetched = lookup.survey;
      keeping = keepInvite(token, invite).catch(() => {});
    } catch (error) {
      const kind = error instanceof TransportError ? error.kind : 'network';
      const { kept, status } = await device;
      if (status) return showStatus(status);
      invite = kind === 'network' || kind === 'http' ? kept : null;
      if (!invite) throw error;
    }
    first = await (fetched ?? wholeSurvey(invite));
    // The language the invite lets the respondent start in: the narrowed
    // survey serves only when it is that one (else the whole survey does).
    const offered = invite.languages.filter((l) => uiLanguages.includes(/** @type {any} */ (l)));
    if (first.language !== null && (offered.length === 0 || pickLanguage(offered, preferredLanguages()) !== first.language)) {
      first = await wholeSurvey(invite);
    }
    performance.mark('sos:survey-fetched');
  } catch (error) {
    const { status } = await device;
    if (status) return showStatus(status);
    const kind = error instanceof TransportError ? error.kind : 'network';
    if (kind === 'network' || kind === 'http') return fail(t()('networkError'), boot);
    return fail(t()('inviteNotFound'), null);
  }
  // The service worker keeps the survey for offline use, once it is there.
  const surveyUrl = invite.survey.url;
  firstScreen.then(loadLater).then((module) => keeping.then(() => module.keepSurvey(surveyUrl))).catch(() => {});
  state.invite = invite;
  state.engine = await enginePromise;
  const opened = openChecked(first.text, invite);
  performance.mark('sos:survey-opened');
  const { status } = await device;
  if (status) {
    if (opened.ok) opened.run.dispose();
    return showStatus(status);
  }
  if (!opened.ok) return fail(t()('surveyError', { detail: opened.detail }), null);
  state.run = opened.run;
  state.surveyText = first.text;
  state.narrowed = first.language !== null;
  state.languages = offeredLanguages(invite, state.narrowed ? null : opened.survey);
  state.language = pickLanguage(state.languages, preferredLanguages());
  // The whole survey follows the first screen, so another language can be chosen.
  if (state.narrowed) firstScreen.then(() => moveToWholeSurvey()).catch(() => {});
  storageNote = !(await keptHere);

  const saved = isKiosk(invite) ? null : await savedHere;
  // A saved session may be in another language: it is restored on the whole
  // survey, and kept on the device while that cannot be fetched.
  if (saved && state.narrowed && !(await moveToWholeSurvey())) return fail(t()('networkError'), boot);
  if (saved) {
    const restored = run().restore(saved.state);
    if (restored.ok) {
      state.language = restored.language;
      await loadTexts(state.language).catch(() => {});
      state.resumeStep = saved.step === 'review' ? 'review' : 'page';
      state.step = 'resume';
      render();
      return embed.notify('loaded');
    }
    store.removeSession(token);
    freshRun();
  }
  // Mostly the language fetched at the start; another when the survey does not have that one.
  await loadTexts(state.language).catch(() => {});
  state.step = 'role';
  render();
  embed.notify('loaded');
}

/** The whole survey the invite names, as a survey for the first screen. @param {Invite} invite */
async function wholeSurvey(invite) {
  return { text: await transport.fetchText(invite.survey.url), language: null };
}

/**
 * A new run of a survey text that must be the invite's survey (id and version).
 * @param {string} text @param {Invite} invite
 * @returns {{ok: true, run: SurveyRun, survey: import('../lib/engine.js').SurveyInfo} | {ok: false, detail: string}}
 */
function openChecked(text, invite) {
  const opened = /** @type {import('../lib/engine.js').Engine} */ (state.engine).openSurvey(text);
  if (!opened.ok) return { ok: false, detail: opened.error.message };
  if (opened.survey.id !== invite.survey.id || opened.survey.version !== invite.survey.version) {
    opened.run.dispose();
    return { ok: false, detail: `expected ${invite.survey.id} ${invite.survey.version}` };
  }
  return { ok: true, run: opened.run, survey: opened.survey };
}

/**
 * The languages the switcher lists: the invite's that the app speaks and,
 * once the whole survey is loaded, that the survey has (the narrowed survey
 * declares only its one).
 * @param {Invite} invite @param {import('../lib/engine.js').SurveyInfo | null} survey null while narrowed
 */
function offeredLanguages(invite, survey) {
  const languages = invite.languages.filter((l) => (!survey || survey.languages.includes(l)) && uiLanguages.includes(/** @type {any} */ (l)));
  return languages.length ? languages : [survey?.fallbackLanguage ?? invite.languages[0]];
}

/** @type {Promise<boolean> | null} */
let movingToWholeSurvey = null;

/**
 * Moves the session from the one-language survey of the first screen onto
 * the whole survey (the one the service worker keeps for offline use): the
 * engine saves the session and restores it on the whole survey, so answers,
 * page and language stay as they were and what is submitted is the same.
 * Resolves false when it cannot be fetched now (asked again on the next
 * language switch).
 */
function moveToWholeSurvey() {
  movingToWholeSurvey ??= (async () => {
    const invite = /** @type {Invite} */ (state.invite);
    const text = await transport.fetchText(invite.survey.url);
    if (!state.narrowed) return true;
    const opened = openChecked(text, invite);
    if (!opened.ok) return false;
    const previous = state.run;
    if (previous?.started) {
      const moved = opened.run.restore(previous.save());
      if (!moved.ok) {
        opened.run.dispose();
        return false;
      }
    }
    // A run that was let go (submitted, left) stays gone; the next starts on the whole survey.
    if (previous) {
      previous.dispose();
      state.run = opened.run;
    } else {
      opened.run.dispose();
    }
    state.surveyText = text;
    state.narrowed = false;
    state.languages = offeredLanguages(invite, opened.survey);
    root.querySelector('header.top')?.replaceWith(header());
    return true;
  })().then((moved) => {
    if (!moved) movingToWholeSurvey = null;
    return moved;
  }, () => {
    movingToWholeSurvey = null;
    return false;
  });
  return movingToWholeSurvey;
}

// Leaving the page drops the profile and the session from memory, and the
// back-forward cache keeps no copy of the screen.
window.addEventListener('pagehide', () => {
  // A shared device shows the next person a fresh start, also when they come
  // back to this page through the history (docs/kiosk.md).
  if (isKiosk(state.invite) && state.engine && ['page', 'review', 'done'].includes(state.step)) return nextRespondent();
  if (state.step === 'done') {
    state.profile = null;
    root.replaceChildren();
  }
});
window.addEventListener('hashchange', () => location.reload());

if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  document.getElementById('unsupported')?.removeAttribute('hidden');
  root.hidden = true;
} else {
  boot().catch((error) => fail(t()('surveyError', { detail: String(error?.message ?? error) }), null));
}
