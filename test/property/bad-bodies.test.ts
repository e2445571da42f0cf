import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VendorName } from '../../lib/event/alert-event.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { request, testReceiver } from '../helpers/receiver.js';
import {
  assertHandled,
  mixedVendors,
  nested,
  mutatedSeed,
  oddlyEncodedSeed,
  seedObjects,
  truncatedSeed,
} from '../helpers/hostile-bodies.js';

/** Each kind of bad body on its own, so a failure names its kind. test/reliability runs 100,000 mixed. */
const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 300);
// Every registered vendor: one added without seed bodies for these tests fails here, not silently.
const VENDORS = registeredVendors().map((vendor) => vendor.name as VendorName);

describe('hostile and broken bodies never crash the pipeline', () => {
  for (const vendor of VENDORS) {
    it(`${vendor}: has seed bodies to break (test/helpers/hostile-bodies.ts)`, () =>
      expect(seedObjects[vendor]?.length ?? 0).toBeGreaterThan(0));
    if (seedObjects[vendor] === undefined) continue;
    const kinds = {
      'arbitrary bytes': fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      'arbitrary JSON values': fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      'a seed body with any one field replaced by a hostile value': mutatedSeed(vendor),
      'a seed body truncated at any point': truncatedSeed(vendor),
      'a seed body in another encoding, with NUL bytes or BOMs': oddlyEncodedSeed(vendor),
      "both vendors' fields mixed": mixedVendors,
      'deep nesting': nested(200_000),
    };
    for (const [kind, arbitrary] of Object.entries(kinds)) {
      it(`${vendor}: ${kind}`, async () => {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (body) => void (await assertHandled(vendor, body))),
          { numRuns: kind === 'deep nesting' ? Math.min(RUNS, 50) : RUNS },
        );
      });
    }
  }

  it("the other vendors' bodies are dead-lettered rather than mis-read", async () => {
    for (const vendor of VENDORS) {
      for (const other of VENDORS.filter((name) => name !== vendor)) {
        expect(seedObjects[other], `seed bodies of ${other}`).not.toHaveLength(0);
        for (const body of seedObjects[other]) {
          const answer = JSON.parse((await testReceiver(vendor, new MemorySink()).receive(request({ body: JSON.stringify(body) }))).body);
          expect(answer.status, `a ${other} body at the ${vendor} endpoint`).toBe('dead-lettered');
        }
      }
    }
  });

  it('nesting deep enough to break JSON.parse or JSON.stringify is dead-lettered, not thrown', async () => {
    expect(await assertHandled('volcengine', Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)))).toBe('dead-lettered');
    const deepField = JSON.stringify(seedObjects.volcengine[0]).replace(/^\{/, `{"extra":${'['.repeat(20_000)}${']'.repeat(20_000)},`);
    expect(await assertHandled('volcengine', Buffer.from(deepField))).toBe('dead-lettered');
  });
});
