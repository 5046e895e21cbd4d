// The look an embedding page may ask for (docs/embedding.md): a language,
// three theme colours and a font, read from the app's own URL query
// (?lang=sv&accent=%230b4fb3&accentText=%23ffffff&background=%23ffffff&font=Inter).
// Each value is checked against a strict pattern and applied only as a CSS
// custom property through the CSSOM, so no caller can inject CSS; a theme
// whose contrast would fail WCAG AA is refused whole, with a console warning
// naming the pair and its ratio.

/** The app's own colours (www/styles/app.css) that a background must carry. */
const defaults = { accent: '#0b4fb3', accentText: '#ffffff', background: '#ffffff', ink: '#1b1b1f', muted: '#4a4a52', error: '#b3261e' };

const generic = new Set(['serif', 'sans-serif', 'monospace', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-rounded', 'ui-monospace']);
const colourPattern = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const familyPattern = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$/;

/**
 * @typedef {{language: string | null,
 *   theme: {accent: string, accentText: string, background: string} | null,
 *   font: string | null, problems: string[]}} Look
 */

/** @param {string} hex #rgb or #rrggbb @returns {string} #rrggbb, lower case */
function longHex(hex) {
  const h = hex.toLowerCase();
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h;
}

/** WCAG 2 relative luminance. @param {string} hex #rrggbb */
function luminance(hex) {
  const channel = (/** @type {number} */ i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** @param {string} a @param {string} b */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Reads and checks the look from a URL query.
 * @param {string} search location.search
 * @param {readonly string[]} languages the languages the app offers
 * @returns {Look}
 */
export function readLook(search, languages) {
  const query = new URLSearchParams(search);
  /** @type {string[]} */
  const problems = [];

  const lang = query.get('lang');
  let language = /** @type {string | null} */ (null);
  if (lang !== null) {
    if (languages.includes(lang)) language = lang;
    else problems.push(`lang: "${lang}" is not one of ${languages.join(', ')}`);
  }

  /** @type {Look['theme']} */
  let theme = null;
  const asked = { accent: query.get('accent'), accentText: query.get('accentText'), background: query.get('background') };
  if (Object.values(asked).some((v) => v !== null)) {
    const bad = Object.entries(asked).filter(([, v]) => v !== null && !colourPattern.test(v));
    if (bad.length) {
      for (const [key, value] of bad) problems.push(`${key}: "${value}" is not a colour like #0b4fb3`);
    } else {
      const colours = {
        accent: longHex(asked.accent ?? defaults.accent),
        accentText: longHex(asked.accentText ?? defaults.accentText),
        background: longHex(asked.background ?? defaults.background),
      };
      // Every pair the app draws text with must stay readable (4.5:1).
      const pairs = [
        ['accentText on accent', colours.accentText, colours.accent],
        ['accent on background', colours.accent, colours.background],
        ['text on background', defaults.ink, colours.background],
        ['muted text on background', defaults.muted, colours.background],
        ['error text on background', defaults.error, colours.background],
      ];
      const failing = pairs.filter(([, a, b]) => contrast(a, b) < 4.5);
      if (failing.length) {
        for (const [name, a, b] of failing) problems.push(`theme refused: ${name} has contrast ${contrast(a, b).toFixed(2)}:1, needs 4.5:1`);
      } else {
        theme = colours;
      }
    }
  }

  let font = /** @type {string | null} */ (null);
  const fontText = query.get('font');
  if (fontText !== null) {
    const names = fontText.split(',').map((n) => n.trim());
    const bad = names.filter((n) => !familyPattern.test(n));
    if (bad.length || names.length > 4) {
      problems.push(`font: "${fontText}" must be up to 4 font family names of letters, digits, spaces, - and _`);
    } else {
      font = names.map((n) => (generic.has(n) ? n : `"${n}"`)).join(', ');
    }
  }
  return { language, theme, font, problems };
}

/**
 * Applies a checked look to the document's root as custom properties.
 * @param {Look} look
 * @param {HTMLElement} rootElement document.documentElement
 */
export function applyLook(look, rootElement) {
  const style = rootElement.style;
  if (look.theme) {
    style.setProperty('--accent', look.theme.accent);
    style.setProperty('--focus', look.theme.accent);
    style.setProperty('--accent-ink', look.theme.accentText);
    style.setProperty('--paper', look.theme.background);
  }
  // The app's own font stack stays behind the asked one (fonts come only
  // from the device: the app's CSP loads none from elsewhere).
  if (look.font) style.setProperty('--font', `${look.font}, var(--font-default)`);
  for (const problem of look.problems) console.warn(`SOS embedding option ignored: ${problem}`);
}
