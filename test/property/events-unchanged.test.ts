import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { VendorName } from '../../lib/event/alert-event.js';
import { packageRoot } from '../../lib/package-root.js';
import type { DecodedCallback } from '../../lib/pipeline/decode-callback.js';
import { distinctCallbacks } from '../helpers/callback-bodies.js';
import { mutatedSeed, seedObjects } from '../helpers/hostile-bodies.js';

// What a cold-start optimization could change, checked end to end: the pipeline's output (events,
// their ids and fingerprints, or the reasons a body is refused), byte for byte, with the digests
// alerthook computes itself against the same pipeline with node:crypto's SHA-256 in their place.
// (A mock giving other digests makes every case below fail, so the mock does reach the pipeline.)
const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 300);
const SETTINGS = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } } as const;
const HEADERS = { 'x-volc-trace-id': 'trace-1' };

type Decode = (vendor: VendorName, body: Uint8Array) => string;

async function pipeline(): Promise<Decode> {
  const { decodeCallback } = await import('../../lib/pipeline/decode-callback.js');
  const { loadVendors } = await import('../../lib/vendors/registry.js');
  const vendors = await loadVendors();
  const show = (decoded: DecodedCallback) =>
    decoded.outcome === 'events' ? decoded.events.map((e) => e.json).join('\n') : JSON.stringify(decoded);
  return (vendor, body) => show(decodeCallback(vendors[vendor]!, body, HEADERS, SETTINGS));
}

const ours = await pipeline();
vi.resetModules();
vi.doMock('../../lib/event/sha256.js', () => ({
  sha256: (data: string | Uint8Array) => createHash('sha256').update(data).digest(),
  sha256Hex: (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex'),
}));
const reference = await pipeline();
vi.doUnmock('../../lib/event/sha256.js');

const samples: [VendorName, Buffer][] = (['tencent', 'volcengine'] as const).flatMap((vendor) => {
  const dir = join(packageRoot(), 'lib', 'vendors', vendor, 'samples');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [vendor, readFileSync(join(dir, name))] as [VendorName, Buffer]);
});

describe('events are byte-identical with node:crypto digests', () => {
  it('on every committed sample and every seed', () => {
    const bodies: [VendorName, Uint8Array][] = [
      ...samples,
      ...(['tencent', 'volcengine'] as const).flatMap((vendor) =>
        seedObjects[vendor].map((seed) => [vendor, Buffer.from(JSON.stringify(seed))] as [VendorName, Buffer]),
      ),
    ];
    expect(bodies.length).toBeGreaterThan(10);
    for (const [vendor, body] of bodies) {
      const events = ours(vendor, body);
      expect(events, `${vendor} body`).toMatch(/"id":"[0-9a-f]{32}"/);
      expect(events).toBe(reference(vendor, body));
    }
  });

  it('on distinct valid callbacks, each with ids of its own', () => {
    for (const { vendor, body } of distinctCallbacks(300, 7))
      expect(ours(vendor, Buffer.from(body))).toBe(reference(vendor, Buffer.from(body)));
  });

  for (const vendor of ['tencent', 'volcengine'] as const) {
    it(`${vendor}: on seeds with any one field replaced by a hostile value`, () => {
      fc.assert(
        fc.property(mutatedSeed(vendor), (body) => void expect(ours(vendor, body)).toBe(reference(vendor, body))),
        { numRuns: RUNS },
      );
    });
  }
});
