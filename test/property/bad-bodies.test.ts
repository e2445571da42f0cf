import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VendorName } from '../../lib/event/alert-event.js';
import { AlertEventSchema } from '../../lib/event/alert-event.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, request, testReceiver } from '../helpers/receiver.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

/**
 * Whatever an authenticated sender posts, the receiver answers (never throws), answers 200
 * (a bad body is the sender's problem and a retry would not fix it), and either stores valid
 * events or dead-letters the body byte for byte. Never a 5xx from input alone.
 */

const seedObjects: Record<VendorName, Record<string, unknown>[]> = {
  tencent: [parseSample(stripDocAnnotations(tencentSeeds().metric)), parseSample(stripDocAnnotations(tencentSeeds().event))],
  volcengine: Object.values(volcengineSeeds()).map(parseSample),
};

const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 300);

async function assertHandled(vendor: VendorName, body: Uint8Array): Promise<void> {
  const sink = new MemorySink();
  const { receive } = testReceiver(vendor, sink);
  const response = await receive(request({ body }));
  expect(response.statusCode).toBe(200);
  const answer = JSON.parse(response.body);
  expect(['accepted', 'dead-lettered', 'ok']).toContain(answer.status);
  if (answer.status === 'dead-lettered') {
    const letter = sink.deadLetters.get(answer.deadLetterId);
    expect(letter).toBeDefined();
    expect(Buffer.from(letter!.body).equals(Buffer.from(body))).toBe(true);
    expect(sink.events.size).toBe(0);
  } else if (answer.status === 'accepted') {
    expect(sink.events.size).toBeGreaterThan(0);
    for (const { event, json } of sink.events.values()) {
      expect(AlertEventSchema.safeParse(event).success).toBe(true);
      expect(json).not.toContain(TEST_TOKEN);
    }
  } else {
    expect(sink.stored).toBe(0);
  }
}

/** A JSON value that replaces a field: wrong types, huge numbers, odd strings, nesting. */
const hostileValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, '', '0', '1', 'NaN', 'Infinity', '\u0000', '\uFEFF', '2024-02-30 25:61:61', '9'.repeat(400)),
  fc.string(),
  fc.double(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
  fc.string().map((s) => ({ nested: { deeper: [s] } })),
);

/** Every path to a leaf or object in a seed body. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setPath(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  copy[head] = setPath(copy[head], rest, value);
  return copy;
}

describe('hostile and broken bodies never crash the pipeline', () => {
  for (const vendor of ['tencent', 'volcengine'] as const) {
    it(`${vendor}: arbitrary bytes`, async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), (bytes) => assertHandled(vendor, bytes)), { numRuns: RUNS });
    });

    it(`${vendor}: arbitrary JSON values`, async () => {
      await fc.assert(fc.asyncProperty(fc.jsonValue(), (value) => assertHandled(vendor, Buffer.from(JSON.stringify(value) ?? 'null'))), { numRuns: RUNS });
    });

    it(`${vendor}: a seed body with any one field replaced by a hostile value`, async () => {
      const seeds = seedObjects[vendor];
      const arbitrary = fc
        .nat({ max: seeds.length - 1 })
        .chain((i) => fc.tuple(fc.constant(seeds[i]), fc.constantFrom(...paths(seeds[i]).filter((p) => p.length > 0)), hostileValue));
      await fc.assert(
        fc.asyncProperty(arbitrary, ([seed, path, value]) => assertHandled(vendor, Buffer.from(JSON.stringify(setPath(seed, path, value))))),
        { numRuns: RUNS },
      );
    });

    it(`${vendor}: a seed body truncated at any point`, async () => {
      const texts = seedObjects[vendor].map((s) => JSON.stringify(s));
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, cut) => {
          const text = texts[i] as string;
          return assertHandled(vendor, Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length * cut)))));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('the other vendor\'s bodies, and both mixed into one, are dead-lettered rather than mis-read', async () => {
    const mixed = { ...seedObjects.tencent[0], ...seedObjects.volcengine[0] };
    for (const [vendor, body] of [
      ['tencent', seedObjects.volcengine[0]],
      ['volcengine', seedObjects.tencent[0]],
    ] as const) {
      const sink = new MemorySink();
      const answer = JSON.parse((await testReceiver(vendor, sink).receive(request({ body: JSON.stringify(body) }))).body);
      expect(answer.status).toBe('dead-lettered');
    }
    for (const vendor of ['tencent', 'volcengine'] as const) await assertHandled(vendor, Buffer.from(JSON.stringify(mixed)));
  });

  it('nesting deep enough to break JSON.parse or JSON.stringify is dead-lettered, not thrown', async () => {
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    await assertHandled('volcengine', Buffer.from(deepArray));
    // Valid alarm, with a field nested too deep to serialize back out in `raw`.
    const deepField = JSON.stringify(seedObjects.volcengine[0]).replace(/^\{/, `{"extra":${'['.repeat(20_000)}${']'.repeat(20_000)},`);
    await assertHandled('volcengine', Buffer.from(deepField));
  });
});
