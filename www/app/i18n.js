// The app's own interface texts (buttons, headings, the statement of what is
// sent) in Swedish, English and Norwegian bokmål, each language in a file of
// its own (texts-en.js, texts-sv.js, texts-nb.js). Everything that comes from
// the survey — questions, options, scale labels, validation messages — comes
// from the engine instead.

/** @typedef {'sv' | 'en' | 'nb'} Language */

export const languageNames = /** @type {const} */ ({ sv: 'Svenska', en: 'English', nb: 'Norsk' });

/** @typedef {typeof import('./texts-en.js').default} Texts */
/** @typedef {keyof Texts} TextKey */

export const uiLanguages = /** @type {Language[]} */ (['en', 'sv', 'nb']);

// Each language's texts are a chunk of their own: the respondent's language
// is fetched before the first screen, another only when switched to.
const loaders = {
  en: () => import('./texts-en.js'),
  sv: () => import('./texts-sv.js'),
  nb: () => import('./texts-nb.js'),
};
/** @type {Partial<Record<Language, Texts>>} */
const loaded = {};

/**
 * Fetches a language's texts (English for a language the app does not have);
 * translator() answers in it once this has resolved.
 * @param {string} language
 */
export async function loadTexts(language) {
  const known = /** @type {Language} */ (uiLanguages.includes(/** @type {Language} */ (language)) ? language : 'en');
  loaded[known] ??= (await loaders[known]()).default;
}

/**
 * @param {string} language
 * @returns {(key: TextKey, params?: Record<string, string | number>) => string}
 */
export function translator(language) {
  // A language not fetched (yet) speaks in one that is.
  const table = loaded[/** @type {Language} */ (language)] ?? loaded.en ?? Object.values(loaded)[0];
  return (key, params = {}) =>
    (table?.[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/**
 * The language to start in: the first of the browser's preferred languages
 * that the invite offers, else the invite's first.
 * @param {string[]} offered
 * @param {readonly string[]} preferred navigator.languages
 */
export function pickLanguage(offered, preferred) {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    const match = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (offered.includes(match)) return match;
  }
  return offered[0];
}
