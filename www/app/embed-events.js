// The three events an embedding page may receive (docs/embedding.md):
// `loaded`, `started` and `completed`, as {format: 'sos-embed/1', event}.
// The app learns the host page's origin only from the browser: the first
// {format: 'sos-embed/1', event: 'hello'} message from its parent window
// (sent by www/embed/embed.js, or by a page's own script) fixes it, and every
// event is then posted to exactly that origin, never to '*'. Events that
// happen before the hello wait for it. Nothing in them depends on answers.

export const format = 'sos-embed/1';

/** @typedef {'loaded' | 'started' | 'completed'} EmbedEvent */

/**
 * @param {Window} self the app's window
 * @returns {{framed: boolean, notify: (event: EmbedEvent) => void}}
 */
export function createEmbedEvents(self) {
  const parent = self.parent;
  const framed = parent !== self;
  /** @type {string | null} */
  let hostOrigin = null;
  /** @type {EmbedEvent[]} */
  const waiting = [];

  const post = (/** @type {EmbedEvent} */ event) => parent.postMessage({ format, event }, /** @type {string} */ (hostOrigin));

  if (framed) {
    self.addEventListener('message', (message) => {
      if (hostOrigin !== null || message.source !== parent) return;
      const data = message.data;
      if (!data || typeof data !== 'object' || data.format !== format || data.event !== 'hello') return;
      // An opaque origin ("null", a sandboxed host) cannot be addressed.
      if (!/^https?:\/\/[^/]+$/.test(message.origin)) return;
      hostOrigin = message.origin;
      for (const event of waiting.splice(0)) post(event);
    });
  }

  return {
    framed,
    notify(event) {
      if (!framed) return;
      // Without a hello (a plain iframe whose page listens for nothing)
      // only the first few wait; a kiosk could otherwise pile them up.
      if (hostOrigin === null) {
        if (waiting.length < 16) waiting.push(event);
      } else {
        post(event);
      }
    },
  };
}
