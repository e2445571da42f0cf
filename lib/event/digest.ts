import { sha256, sha256Hex } from './sha256.js';

/** SHA-256 as hex. */
export { sha256Hex };

/** SHA-256 as raw bytes, for constant-time comparison. */
export function sha256Bytes(data: string): Buffer {
  return sha256(data);
}

/**
 * 128 bits of SHA-256 over the parts, each ended by a NUL so that ("ab","c") and ("a","bc") differ.
 * Ids and fingerprints are digests rather than counters or UUIDs so that a vendor's retry of the
 * same callback lands on the same id in every sink, with no state shared between function instances.
 */
export function digest128(parts: readonly string[]): string {
  return sha256Hex(`${parts.join('\0')}\0`).slice(0, 32);
}
