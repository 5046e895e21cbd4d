// For node scripts and tests that send submissions to a real `sos serve`
// without the app: the body sealed as the app seals it (www/lib/seal.js), to
// the key the invite lookup publishes (docs/sealed-submission.md).
import { seal } from '../../www/lib/seal.js';

const keys = new Map();

/**
 * POSTs `body` sealed to `base + urlPath` (an invite's contributions or
 * comments URL) and returns the response.
 * @param {string} base e.g. http://127.0.0.1:8080
 * @param {string} urlPath /api/v1/invite/TOKEN/contributions or .../comments
 * @param {string} body the engine's contribution or comment JSON
 * @param {Record<string, string>} [headers]
 */
export async function postSealed(base, urlPath, body, headers = {}) {
  const lookup = urlPath.slice(0, urlPath.lastIndexOf('/'));
  const purpose = urlPath.endsWith('/comments') ? 'comment' : 'contribution';
  let sealing = keys.get(base + lookup);
  if (!sealing) {
    const invite = await fetch(base + lookup, { headers });
    // A refused lookup (closed wave, revoked link) is refused the same way when posting.
    if (!invite.ok) return fetch(base + urlPath, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    sealing = (await invite.json()).sealing;
    keys.set(base + lookup, sealing);
  }
  return fetch(base + urlPath, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: await seal(sealing, purpose, body),
  });
}
