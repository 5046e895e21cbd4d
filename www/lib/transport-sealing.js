// The endpoint's sealing key as an invite lookup publishes it
// (docs/sealed-submission.md), and the check of its shape before anything is
// trusted from it. Apart from seal.js, so the invite's check needs none of
// the sealing code before the first screen.

export const sealedFormat = 'sos-sealed/1';

/**
 * @typedef {{format: 'sos-sealed/1', key: string, publicKey: string}} Sealing
 *   as the invite lookup publishes it: key id and base64url uncompressed point
 */

/** @param {Sealing | undefined} sealing @returns {string | null} what is wrong */
export function checkSealing(sealing) {
  if (!sealing || sealing.format !== sealedFormat) return `/sealing/format must be "${sealedFormat}"`;
  if (typeof sealing.key !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(sealing.key)) return '/sealing/key is not a key id';
  if (typeof sealing.publicKey !== 'string' || !/^[A-Za-z0-9_-]{87}$/.test(sealing.publicKey))
    return '/sealing/publicKey is not a P-256 point';
  return null;
}
