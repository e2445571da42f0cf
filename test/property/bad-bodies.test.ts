import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemorySink } from '../helpers/memory-sink.js';
import { request, testReceiver } from '../helpers/receiver.js';
import { assertHandled, mixedVendors, nested, mutatedSeed, oddlyEncodedSeed, seedObjects, truncatedSeed } from '../helpers/hostile-bodies.js';

/** Each kind of bad body on its own, so a failure names its kind. test/reliability runs 100,000 mixed. */
const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 300);

describe('hostile and broken bodies never crash the pipeline', () => {
  for (const vendor of ['tencent', 'volcengine'] as const) {
    const kinds = {
      'arbitrary bytes': fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      'arbitrary JSON values': fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      'a seed body with any one field replaced by a hostile value': mutatedSeed(vendor),
      'a seed body truncated at any point': truncatedSeed(vendor),
      'a seed body in another encoding, with NUL bytes or BOMs': oddlyEncodedSeed(vendor),
      'both vendors\' fields mixed': mixedVendors,
      'deep nesting': nested(200_000),
    };
    for (const [kind, arbitrary] of Object.entries(kinds)) {
      it(`${vendor}: ${kind}`, async () => {
        await fc.assert(fc.asyncProperty(arbitrary, async (body) => void (await assertHandled(vendor, body))), { numRuns: kind === 'deep nesting' ? Math.min(RUNS, 50) : RUNS });
      });
    }
  }

  it("the other vendor's bodies are dead-lettered rather than mis-read", async () => {
    for (const [vendor, body] of [
      ['tencent', seedObjects.volcengine[0]],
      ['volcengine', seedObjects.tencent[0]],
    ] as const) {
      const answer = JSON.parse((await testReceiver(vendor, new MemorySink()).receive(request({ body: JSON.stringify(body) }))).body);
      expect(answer.status).toBe('dead-lettered');
    }
  });

  it('nesting deep enough to break JSON.parse or JSON.stringify is dead-lettered, not thrown', async () => {
    expect(await assertHandled('volcengine', Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)))).toBe('dead-lettered');
    const deepField = JSON.stringify(seedObjects.volcengine[0]).replace(/^\{/, `{"extra":${'['.repeat(20_000)}${']'.repeat(20_000)},`);
    expect(await assertHandled('volcengine', Buffer.from(deepField))).toBe('dead-lettered');
  });
});
