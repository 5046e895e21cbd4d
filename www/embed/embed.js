// The SOS embed script (docs/embedding.md): one line on an intranet page,
//   <script src="https://survey.example/embed.js"
//     data-sos-invite="https://survey.example/o/acme/#/i/TOKEN" async></script>
// puts the survey after that tag (or into data-sos-target) as a cross-origin
// iframe, never as an element of the host page, so the page's own scripts
// cannot read the answers. Language, theme and font travel in the frame's
// URL, where the survey checks them. The survey's `loaded`, `started` and
// `completed` events are relayed as `sos:loaded`, `sos:started` and
// `sos:completed` DOM events on the iframe, after their origin and source are
// checked. A classic script without dependencies, for any page's CSP that
// lists the survey's origin in script-src and frame-src.
(function () {
  'use strict';
  var format = 'sos-embed/1';
  var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  /** @param {string} message */
  function fail(message) {
    console.error('SOS embed: ' + message);
  }
  if (!script) return fail('load embed.js with a plain <script src> tag (not as a module)');
  var data = script.dataset;
  var invite = data.sosInvite || '';
  var url;
  try {
    url = new URL(invite, script.src);
  } catch (e) {
    return fail('data-sos-invite "' + invite + '" is not a URL');
  }
  if (!/^https?:$/.test(url.protocol) || !/^#\/i\/[A-Za-z0-9_-]{8,128}$/.test(url.hash)) {
    return fail('data-sos-invite "' + invite + '" is not a survey link like https://survey.example/o/ORG/#/i/TOKEN');
  }

  // The survey validates every value; this only carries them.
  var query = new URLSearchParams();
  if (data.sosLang) query.set('lang', data.sosLang);
  if (data.sosFont) query.set('font', data.sosFont);
  if (data.sosTheme) {
    var theme;
    try {
      theme = JSON.parse(data.sosTheme);
    } catch (e) {
      return fail('data-sos-theme is not JSON like {"accent": "#0b4fb3"}');
    }
    ['accent', 'accentText', 'background'].forEach(function (key) {
      if (theme && typeof theme[key] === 'string') query.set(key, theme[key]);
    });
  }
  url.search = query.toString();

  var place = data.sosTarget ? document.querySelector(data.sosTarget) : null;
  if (data.sosTarget && !place) return fail('data-sos-target "' + data.sosTarget + '" matches no element');
  if (!place && (!script.parentNode || script.parentNode === document.head)) {
    return fail('put the script tag in <body> where the survey goes, or name a container with data-sos-target');
  }

  var titles = { sv: 'Enkät', nb: 'Undersøkelse', en: 'Survey' };
  var frame = document.createElement('iframe');
  frame.className = 'sos-survey';
  frame.title = data.sosTitle || titles[/** @type {'sv' | 'nb' | 'en'} */ (data.sosLang)] || titles.en;
  frame.referrerPolicy = 'no-referrer';
  // Through the CSSOM, so a host page's strict style-src holds; the page's
  // own CSS for iframe.sos-survey can override it.
  frame.style.width = '100%';
  frame.style.height = data.sosHeight || '46rem';
  frame.style.border = '0';
  frame.src = url.href;

  var origin = url.origin;
  // The survey learns this page's origin from the browser through this
  // message, and addresses its events to that origin only.
  frame.addEventListener('load', function () {
    if (frame.contentWindow) frame.contentWindow.postMessage({ format: format, event: 'hello' }, origin);
  });
  window.addEventListener('message', function (message) {
    if (message.origin !== origin || message.source !== frame.contentWindow) return;
    var event = message.data && message.data.format === format ? message.data.event : null;
    if (event !== 'loaded' && event !== 'started' && event !== 'completed') return;
    frame.dispatchEvent(new CustomEvent('sos:' + event, { bubbles: true, detail: { event: event } }));
  });

  if (place) place.appendChild(frame);
  else script.after(frame);
})();
