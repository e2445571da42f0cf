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

/**
 * Checks the invariant for one body and returns its outcome. The checks are gathered into one
 * `expect` per body: a property runs this 100,000 times, and vitest's bookkeeping for each `expect`
 * call cost more than the checks themselves. A failure lists every check the body broke.
 */
export async function assertHandled(vendor: VendorName, body: Uint8Array): Promise<Outcome> {
  const sink = new MemorySink();
  const { receive } = testReceiver(vendor, sink);
  const response = await receive(request({ body }));
  const answer = JSON.parse(response.body);
  expect(violations(response.statusCode, answer, body, sink)).toEqual([]);
  return answer.status as Outcome;
}

function violations(statusCode: number, answer: { status?: unknown; deadLetterId?: string }, body: Uint8Array, sink: MemorySink): string[] {
  const broken: string[] = [];
  if (statusCode !== 200) broken.push(`status ${statusCode}, not 200`);
  if (answer.status === 'dead-lettered') {
    const letter = sink.deadLetters.get(answer.deadLetterId ?? '');
    if (letter === undefined) broken.push(`no dead letter ${answer.deadLetterId} in the sink`);
    else if (!Buffer.from(letter.body).equals(Buffer.from(body))) broken.push('the dead letter is not the body byte for byte');
    if (sink.events.size !== 0) broken.push(`dead-lettered, yet ${sink.events.size} events stored`);
  } else if (answer.status === 'accepted') {
    if (sink.events.size === 0) broken.push('accepted, yet no event stored');
    for (const { event, json } of sink.events.values()) {
      const parsed = AlertEventSchema.safeParse(event);
      if (!parsed.success) broken.push(`an event the schema refuses: ${parsed.error.message}`);
      if (json.includes(TEST_TOKEN)) broken.push('an event carries the secret');
    }
  } else if (answer.status === 'ok') {
    if (sink.stored !== 0) broken.push(`answered ok, yet ${sink.stored} things stored`);
  } else {
    broken.push(`answer status ${JSON.stringify(answer.status)}, not accepted, dead-lettered or ok`);
  }
  return broken;
}

/** A JSON value that replaces a field: wrong types, huge numbers, odd strings, nesting. */
export const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    '',
    '0',
    '1',
    'NaN',
    'Infinity',
    '\u0000',
    '\uFEFF',
    '2024-02-30 25:61:61',
    '9'.repeat(400),
    '\ud800',
  ),
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
  // Each seed's paths once, not once per generated body.
  const fields = seeds.map((seed) =>
    fc.tuple(fc.constant(seed), fc.constantFrom(...paths(seed).filter((p) => p.length > 0)), hostileValue),
  );
  return fc
    .nat({ max: seeds.length - 1 })
    .chain((i) => fields[i]!)
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
  return fc
    .tuple(fc.nat({ max: texts.length - 1 }), fc.constantFrom('utf16le', 'latin1', 'nul', 'bom', 'bom-twice'), fc.nat())
    .map(([i, how, at]) => {
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
export const nested = (maxDepth: number) =>
  fc.tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom('[', '{"a":'), fc.boolean()).map(([depth, open, wrapInSeed]) => {
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
