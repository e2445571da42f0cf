import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digest128, sha256Bytes, sha256Hex } from '../../lib/event/digest.js';
import { LARGE_INPUT_BYTES, sha256Js } from '../../lib/event/sha256.js';

// Event ids, fingerprints and body digests are SHA-256: the plain-JavaScript one must give
// node:crypto's bytes on every input, or ids change under users' feet (dedup in the sinks breaks).
const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 1000);
const reference = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Any UTF-16 string, lone surrogates included (which both encode as U+FFFD's UTF-8). */
const anyString = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }).map((units) => String.fromCharCode(...units));

describe('SHA-256 agrees with node:crypto', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => void expect(hex(sha256Js(bytes))).toBe(reference(bytes))),
      { numRuns: RUNS },
    );
  });

  it('on every length across the padding boundaries (0 to 200 bytes)', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(hex(sha256Js(bytes)), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('on arbitrary strings, hashed as UTF-8, as sha256Hex, sha256Bytes and digest128 use them', () => {
    fc.assert(
      fc.property(anyString, fc.array(anyString, { maxLength: 5 }), (text, parts) => {
        expect(hex(sha256Js(Buffer.from(text, 'utf8')))).toBe(reference(text));
        expect(sha256Hex(text)).toBe(reference(text));
        expect(sha256Bytes(text).toString('hex')).toBe(reference(text));
        expect(digest128(parts)).toBe(reference(`${parts.join('\0')}\0`).slice(0, 32));
      }),
      { numRuns: RUNS },
    );
  });

  it('on inputs around the size handed to node:crypto, by either path', () => {
    for (const length of [LARGE_INPUT_BYTES - 1, LARGE_INPUT_BYTES, 200_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
      expect(sha256Hex(bytes), `length ${length}`).toBe(reference(bytes));
      expect(hex(sha256Js(bytes)), `length ${length}, plain JavaScript`).toBe(reference(bytes));
    }
  });
});
