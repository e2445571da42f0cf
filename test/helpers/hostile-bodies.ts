import fc from 'fast-check';
import { expect } from 'vitest';
import type { VendorName } from '../../lib/event/alert-event.js';
import { AlertEventSchema } from '../../lib/event/alert-event.js';
import { MemorySink } from './memory-sink.js';
import { TEST_TOKEN, request, testReceiver } from './receiver.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from './seeds.js';

/**
 * Bad and hostile bodies, and the one invariant every one must meet: an authenticated sender always
 * gets an answer (the pipeline never throws), that answer is 200 (bad input is never a 5xx: a retry
 * cannot fix it), and the body either becomes valid events or is dead-lettered byte for byte.
 */

export const seedObjects: Record<VendorName, Record<string, unknown>[]> = {
  tencent: [parseSample(stripDocAnnotations(tencentSeeds().metric)), parseSample(stripDocAnnotations(tencentSeeds().event))],
  volcengine: Object.values(volcengineSeeds()).map(parseSample),
};

export type Outcome = 'accepted' | 'dead-lettered' | 'ok';

export async function assertHandled(vendor: VendorName, body: Uint8Array): Promise<Outcome> {
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
  return answer.status as Outcome;
}

/** A JSON value that replaces a field: wrong types, huge numbers, odd strings, nesting. */
export const hostileValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, '', '0', '1', 'NaN', 'Infinity', '\u0000', '\uFEFF', '2024-02-30 25:61:61', '9'.repeat(400), '\ud800'),
  fc.string(),
  fc.double(),
  fc.bigInt().map((n) => Number(n)),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
  fc.string().map((s) => ({ nested: { deeper: [s] } })),
);

/** Every path to a leaf or object in a body. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

export function setPath(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  copy[head] = setPath(copy[head], rest, value);
  return copy;
}

/** A seed body with one field anywhere replaced by a hostile value. */
export function mutatedSeed(vendor: VendorName) {
  const seeds = seedObjects[vendor];
  return fc
    .nat({ max: seeds.length - 1 })
    .chain((i) => fc.tuple(fc.constant(seeds[i]), fc.constantFrom(...paths(seeds[i]).filter((p) => p.length > 0)), hostileValue))
    .map(([seed, path, value]) => Buffer.from(JSON.stringify(setPath(seed, path, value))));
}

/** A seed body cut short anywhere. */
export function truncatedSeed(vendor: VendorName) {
  const texts = seedObjects[vendor].map((s) => JSON.stringify(s));
  return fc.tuple(fc.nat({ max: texts.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([i, cut]) => {
    const text = texts[i] as string;
    return Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length * cut))));
  });
}

/** A seed body in an encoding other than UTF-8, or with NUL bytes or a BOM spliced in. */
export function oddlyEncodedSeed(vendor: VendorName) {
  const texts = seedObjects[vendor].map((s) => JSON.stringify(s));
  return fc.tuple(fc.nat({ max: texts.length - 1 }), fc.constantFrom('utf16le', 'latin1', 'nul', 'bom', 'bom-twice'), fc.nat()).map(([i, how, at]) => {
    const text = texts[i] as string;
    if (how === 'utf16le' || how === 'latin1') return Buffer.from(text, how);
    if (how === 'bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    if (how === 'bom-twice') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const bytes = Buffer.from(text);
    const where = at % bytes.length;
    return Buffer.concat([bytes.subarray(0, where), Buffer.from([0]), bytes.subarray(where)]);
  });
}

/** Both vendors' fields in one body. */
export const mixedVendors = fc
  .tuple(fc.constantFrom(...seedObjects.tencent), fc.constantFrom(...seedObjects.volcengine), fc.boolean())
  .map(([t, v, tencentFirst]) => Buffer.from(JSON.stringify(tencentFirst ? { ...t, ...v } : { ...v, ...t })));

/**
 * Nesting up to `maxDepth`. The property test also goes far past what JSON.parse or JSON.stringify
 * can take; the volume run stays shallower, because every such body costs two parses.
 */
export const nested = (maxDepth: number) => fc
  .tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, wrapInSeed]) => {
    const close = open === '[' ? ']' : '}';
    const deep = open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth);
    return Buffer.from(wrapInSeed ? JSON.stringify(seedObjects.volcengine[0]).replace(/^\{/, `{"extra":${deep},`) : deep);
  });

/** Every generator, for one vendor. */
export function hostileBodies(vendor: VendorName) {
  return fc.oneof(
    { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 2048 }), weight: 3 },
    { arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')), weight: 3 },
    { arbitrary: mutatedSeed(vendor), weight: 6 },
    { arbitrary: truncatedSeed(vendor), weight: 3 },
    { arbitrary: oddlyEncodedSeed(vendor), weight: 2 },
    { arbitrary: mixedVendors, weight: 1 },
    { arbitrary: nested(5_000), weight: 1 },
  );
}
