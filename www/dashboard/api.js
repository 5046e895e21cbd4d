// The viewer API of `sos serve` as the dashboard uses it: the token from the
// viewer link exchanged for the session cookie, then the organisation and
// each wave's survey, figures or progress, passed on untouched.

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** @param {Response} response */
async function failure(response) {
  let code = 'request.failed';
  let message = response.statusText;
  try {
    const body = await response.json();
    code = body?.error?.code ?? code;
    message = body?.error?.message ?? message;
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(response.status, code, message);
}

/** The token of a viewer link ("…/view/#v=TOKEN"), or "". @param {string} hash */
export function tokenFromHash(hash) {
  const match = /^#v=([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match ? match[1] : '';
}

/** @param {string} token */
export async function startSession(token) {
  const response = await fetch('/api/v1/viewer/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'sos-viewer-session/1', token }),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** @param {string} path @param {'json' | 'text'} [as] */
async function get(path, as = 'json') {
  const response = await fetch(`/api/v1/viewer/${path}`, { credentials: 'same-origin' });
  if (!response.ok) throw await failure(response);
  return as === 'json' ? response.json() : response.text();
}

export const organisation = () => get('organisation');
/** @param {string} wave */
export const surveyText = (wave) => get(`waves/${encodeURIComponent(wave)}/survey`, 'text');
/** @param {string} wave */
export const figures = (wave) => get(`waves/${encodeURIComponent(wave)}/figures`);
/** @param {string} wave */
export const progress = (wave) => get(`waves/${encodeURIComponent(wave)}/progress`);
