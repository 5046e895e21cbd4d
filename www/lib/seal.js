// Seals a submission on the device to the endpoint's public key, so the
// outbox holds nothing a later holder of the device can read
// (docs/sealed-submission.md): ECDH P-256 with a fresh key per envelope,
// HKDF-SHA256 salted with the ephemeral point, AES-256-GCM with the key id as
// associated data. The plaintext is the engine's contribution or comment
// text, unchanged; this file knows nothing of what it carries.

import { sealedFormat } from './transport-sealing.js';

export { checkSealing, sealedFormat } from './transport-sealing.js';

/** @typedef {import('./transport-sealing.js').Sealing} Sealing */

/** @param {Uint8Array} bytes */
export function toBase64url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text @returns {Uint8Array<ArrayBuffer>} */
export function fromBase64url(text) {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

const utf8 = (/** @type {string} */ text) => new Uint8Array(new TextEncoder().encode(text));

/**
 * The AES key for one envelope: HKDF-SHA256 over the ECDH secret.
 * @param {CryptoKey} own @param {CryptoKey} peer @param {Uint8Array<ArrayBuffer>} ephemeralPoint
 * @param {string} purpose @param {KeyUsage[]} usages @param {Crypto} crypto
 */
export async function envelopeKey(own, peer, ephemeralPoint, purpose, usages, crypto = globalThis.crypto) {
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, own, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: ephemeralPoint, info: utf8(`${sealedFormat}:${purpose}`) },
    hkdf, { name: 'AES-GCM', length: 256 }, false, usages);
}

/**
 * The envelope's JSON text.
 * @param {Sealing} sealing the endpoint's current key
 * @param {'contribution' | 'comment'} purpose an envelope opens only for its purpose
 * @param {string} plaintext
 * @param {Crypto} [crypto]
 */
export async function seal(sealing, purpose, plaintext, crypto = globalThis.crypto) {
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  const server = await crypto.subtle.importKey('raw', fromBase64url(sealing.publicKey), algorithm, false, []);
  const ephemeral = /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey(algorithm, false, ['deriveBits']));
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const key = await envelopeKey(ephemeral.privateKey, server, epk, purpose, ['encrypt'], crypto);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(sealing.key), tagLength: 128 }, key, utf8(plaintext)));
  return JSON.stringify({ format: sealedFormat, key: sealing.key, epk: toBase64url(epk), iv: toBase64url(iv), data: toBase64url(data) });
}
