import { createHash } from 'node:crypto';

/**
 * 128 bits of SHA-256 over the parts, each ended by a NUL so that ("ab","c") and ("a","bc") differ.
 * Ids and fingerprints are digests rather than counters or UUIDs so that a vendor's retry of the
 * same callback lands on the same id in every sink, with no state shared between function instances.
 */
export function digest128(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}
