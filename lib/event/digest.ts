import * as crypto from 'node:crypto';

/**
 * SHA-256 as hex. Node's one-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object,
 * which at a few hundred bytes is most of the cost; older Nodes fall back to createHash.
 */
export const sha256Hex: (data: string | Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(algorithm: string, data: string | Uint8Array, encoding: 'hex'): string }).hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** SHA-256 as raw bytes, for constant-time comparison. */
export const sha256Bytes: (data: string) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'buffer'): Buffer }).hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data, 'utf8').digest();

/**
 * 128 bits of SHA-256 over the parts, each ended by a NUL so that ("ab","c") and ("a","bc") differ.
 * Ids and fingerprints are digests rather than counters or UUIDs so that a vendor's retry of the
 * same callback lands on the same id in every sink, with no state shared between function instances.
 */
export function digest128(parts: readonly string[]): string {
  return sha256Hex(`${parts.join('\0')}\0`).slice(0, 32);
}
