import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertHandled, hostileBodies, type Outcome } from '../helpers/hostile-bodies.js';

const BODIES = Number(process.env.ALERTHOOK_HOSTILE_BODIES ?? 100_000);

describe('hostile and broken bodies at volume', () => {
  it(`${BODIES} generated bodies across both vendors: no throw, no 5xx, every bad body dead-lettered byte for byte`, async () => {
    const counts: Record<Outcome, number> = { accepted: 0, 'dead-lettered': 0, ok: 0 };
    let tried = 0;
    for (const vendor of ['tencent', 'volcengine'] as const) {
      await fc.assert(
        fc.asyncProperty(hostileBodies(vendor), async (body) => {
          counts[await assertHandled(vendor, body)]++;
          tried++;
        }),
        { numRuns: BODIES / 2, seed: vendor === 'tencent' ? 6 : 7 },
      );
    }
    console.log(`hostile-bodies: ${JSON.stringify({ tried, ...counts, crashes: 0 })}`);
    expect(tried).toBe(BODIES);
    expect(counts['dead-lettered']).toBeGreaterThan(BODIES / 2);
  }, 300_000);
});
