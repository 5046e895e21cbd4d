// Everything the respondent app sends or fetches goes through here: the
// invite, the survey definition, and at the very end the contribution and
// each comment (docs/invite-link.md). Nothing else ever leaves the device.
import { checkSealing } from './transport-sealing.js';
import * as api from './transport-api.js';
import * as staticFiles from './transport-static.js';

/**
 * @typedef {{format: 'sos-invite/1',
 *   survey: {id: string, version: string, url: string},
 *   wave: {id: string, closes?: string},
 *   group: {attributes: Record<string, boolean | string | number>},
 *   languages: string[], mode: 'respondent' | 'kiosk',
 *   anonymityThreshold?: number,
 *   submit: {contribution: string, comment: string},
 *   sealing: import('./transport-sealing.js').Sealing}} Invite
 */

/** Why a transport call failed: 'not_found', 'bad_invite', 'network', 'http'. */
export class TransportError extends Error {
  /** @param {string} kind @param {string} message */
  constructor(kind, message) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
  }
}

const tokenPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** @param {string} token */
export const isToken = (token) => tokenPattern.test(token);

/**
 * The token of an invite link: https://host/path/#/i/<token>.
 * @param {string} hash location.hash
 * @returns {string | null}
 */
export function tokenFromHash(hash) {
  const match = /^#\/i\/([^/?#]+)$/.exec(hash);
  return match && isToken(match[1]) ? match[1] : null;
}

/**
 * @param {{source?: string, base?: string, fetch?: typeof globalThis.fetch}} [options]
 *   source 'static' (links/<token>.json) or 'api' (GET /api/v1/invite/<token>)
 */
export function createTransport({ source = 'static', base = globalThis.document?.baseURI, fetch = globalThis.fetch } = {}) {
  const resolver = source === 'api' ? api : staticFiles;
  /** @param {string} url */
  const absolute = (url) => new URL(url, base).href;

  /** @param {string} url @param {RequestInit} [init] */
  async function request(url, init) {
    let response;
    try {
      response = await fetch(absolute(url), { credentials: 'same-origin', cache: 'no-store', ...init });
    } catch (error) {
      throw new TransportError('network', String(error));
    }
    if (response.status === 404 || response.status === 410) throw new TransportError('not_found', `${url}: ${response.status}`);
    if (!response.ok) throw new TransportError('http', `${url}: HTTP ${response.status}`);
    return response;
  }

  return {
    /**
     * @param {string} token
     * @returns {Promise<Invite>}
     */
    async resolveInvite(token) {
      if (!isToken(token)) throw new TransportError('not_found', 'not an invite token');
      const response = await request(resolver.inviteUrl(token), { headers: { accept: 'application/json' } });
      let invite;
      try {
        invite = await response.json();
      } catch {
        throw new TransportError('bad_invite', 'the invite is not JSON');
      }
      const problem = checkInvite(invite);
      if (problem) throw new TransportError('bad_invite', problem);
      return invite;
    },

    /** @param {string} url @returns {Promise<string>} */
    async fetchText(url) {
      return (await request(url)).text();
    },

    /**
     * The invite lookup and its survey's fetch, both under way at once where
     * the source says in advance where the survey will be (the endpoint's
     * `<invite>/survey`): the survey then does not wait for the lookup's
     * answer. With a `language`, that early fetch asks for the survey in that
     * language only (`?lang=`, docs/api.md), which is smaller and opens
     * faster; `survey` then says which language it holds, or null for the
     * whole survey. Should the invite name another address, or the narrowed
     * survey be refused, the whole survey at the invite's address is fetched.
     * Both promises reject with a TransportError.
     * @param {string} token
     * @param {string} [language] the language the respondent will most likely see
     * @returns {{invite: Promise<Invite>, survey: Promise<{text: string, language: string | null}>}}
     */
    lookUp(token, language) {
      const invite = this.resolveInvite(token);
      const expected = isToken(token) && resolver.surveyUrl ? resolver.surveyUrl(token) : null;
      const whole = (/** @type {string} */ url) => this.fetchText(url).then((text) => ({ text, language: null }));
      /** @type {Promise<{text: string, language: string | null} | null> | null} */
      const early = !expected ? null : language
        ? this.fetchText(`${expected}?lang=${encodeURIComponent(language)}`).then((text) => ({ text, language }), () => null)
        : whole(expected);
      early?.catch(() => {});  // used only if the invite names it
      const survey = invite.then(async (found) => {
        const named = early && absolute(found.survey.url) === absolute(/** @type {string} */ (expected));
        return (named ? await early : null) ?? whole(found.survey.url);
      });
      return { invite, survey };
    },

    /**
     * POSTs one sealed JSON body (the contribution, or one comment) and tells
     * what came back; the outbox decides between sent, retry and refused.
     * Rejects with a TransportError 'network' when nothing came back.
     * @param {string} url @param {string} body
     * @returns {Promise<{status: number, code: string, message: string}>}
     */
    async send(url, body) {
      let response;
      try {
        response = await fetch(absolute(url), {
          method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'same-origin', cache: 'no-store',
        });
      } catch (error) {
        throw new TransportError('network', String(error));
      }
      let error = { code: '', message: '' };
      if (!response.ok) {
        try {
          const doc = await response.json();
          error = { code: String(doc?.error?.code ?? ''), message: String(doc?.error?.message ?? '') };
        } catch {
          // not the endpoint's error body (a proxy's page): the status says enough
        }
      }
      return { status: response.status, ...error };
    },
  };
}

/**
 * The shape of an invite, checked before anything is trusted from it.
 * @param {any} invite
 * @returns {string | null} what is wrong
 */
export function checkInvite(invite) {
  const isText = (/** @type {unknown} */ v) => typeof v === 'string' && v.length > 0;
  if (!invite || typeof invite !== 'object') return 'the invite must be an object';
  if (invite.format !== 'sos-invite/1') return '/format must be "sos-invite/1"';
  if (!isText(invite.survey?.id) || !isText(invite.survey?.version) || !isText(invite.survey?.url))
    return '/survey needs id, version and url';
  if (!isText(invite.wave?.id)) return '/wave/id is missing';
  if (!invite.group?.attributes || typeof invite.group.attributes !== 'object') return '/group/attributes is missing';
  if (!Array.isArray(invite.languages) || invite.languages.length === 0 || !invite.languages.every(isText))
    return '/languages must list at least one language';
  if (invite.mode !== 'respondent' && invite.mode !== 'kiosk') return '/mode must be "respondent" or "kiosk"';
  if (!isText(invite.submit?.contribution) || !isText(invite.submit?.comment)) return '/submit needs contribution and comment';
  return checkSealing(invite.sealing);
}
