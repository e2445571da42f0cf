import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPILED_VALIDATORS, compiledPath } from '../../lib/vendors/compiled-validators.js';
import { parseVendorJson } from '../../lib/json/parse-vendor-json.js';
import { packageRoot } from '../../lib/package-root.js';
import type { CompiledValidator, PayloadSchema } from '../../lib/vendors/compiled-schema.js';
import { vendorSampleFiles } from '../helpers/sample-corpus.js';

// zod stays the source of truth: on any input, a compiled validator accepts exactly what its zod
// schema accepts, and gives the very output zod gives (values, types, key order, Dates), in zod's
// compiled and interpreted modes alike. Inputs: every committed sample of every source (each one
// also through the other sources' validators), the samples with values swapped for the drift the
// schemas exist for, keys dropped, added or renamed to __proto__, and arbitrary values.
const RUNS = Number(process.env.ALERTHOOK_FUZZ_RUNS ?? 300);

/** Every sample body of every source, parsed (the vendors' own carry trailing commas). */
const COMMITTED: unknown[] = ['tencent', 'volcengine'].flatMap(vendorSampleFiles).map(({ path, text }) => {
  const parsed = parseVendorJson(text);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  return parsed.value;
});

/**
 * And what no committed sample shows but ../shared/VENDOR-NOTES.md does: a Tencent event alarm
 * without `policyId`, with `additionalMsg: [{key, value}]` and `objDetail` inside `dimensions`.
 */
const tencentEvent = structuredClone(COMMITTED.find((body) => (body as { alarmType?: string }).alarmType === 'event')) as any;
delete tencentEvent.alarmPolicyInfo.policyId;
tencentEvent.additionalMsg = [
  { key: 'alarmReason', value: 'disk full' },
  { key: 'count', value: 3 },
];
tencentEvent.alarmObjInfo.dimensions = { deviceName: 'production-db-0', objDetail: { IP: '10.80.17.217' }, unInstanceId: 'cdb-bwieva60' };
const SAMPLES: unknown[] = [...COMMITTED, tencentEvent];

/** A value with everything zod's output can differ in spelled out: key order, undefined, Dates, NaN. */
function exactly(value: unknown): string {
  const walk = (node: unknown): unknown => {
    if (node instanceof Date) return { date: Number.isNaN(node.getTime()) ? 'invalid' : node.toISOString() };
    if (node === undefined) return { undefined: true };
    if (typeof node === 'number') return { number: String(node) };
    if (Array.isArray(node)) return { array: Array.from(node, walk), proto: Object.getPrototypeOf(node) === Array.prototype };
    if (node !== null && typeof node === 'object')
      return {
        object: Object.keys(node).map((key) => [key, walk((node as Record<string, unknown>)[key])]),
        proto: Object.getPrototypeOf(node) === Object.prototype,
      };
    return node;
  };
  return JSON.stringify(walk(value));
}

/** The values the vendors' drift is made of, and what a sender could put instead. */
/** One of each kind of value, for the exhaustive pass: every path of every sample gets each. */
const EACH_KIND: unknown[] = [
  undefined,
  null,
  '',
  '0',
  '1',
  0,
  1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  true,
  [],
  {},
  [null],
  '<no value>',
  '2017-03-09 07:00:00',
];

const driftValue = fc.oneof(
  fc.constantFrom(...EACH_KIND),
  fc.constantFrom(null, '', '0', '1', '2', 0, 1, 2, '90', 'NaN', true, false, [], {}, [null], '<no value>', 'cls/1', 'tls/1', 'cls/x'),
  fc.constantFrom(
    '2017-03-09 07:00:00',
    '2024-04-11 14:51:01(UTC+08:00)',
    '2026-11-24T19:31:00+08:00',
    '0001-01-01T00:00:00Z',
    '1712818261',
  ),
  fc.constantFrom('Metric', 'MetricRecovered', 'Event', 'firing', 'resolved', 'https://console.cloud.tencent.com/x', 1712818261),
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

type Path = (string | number)[];

/** Every path to a value inside `node`, the node itself first. */
function pathsOf(node: unknown, path: Path = []): Path[] {
  const here = [path];
  if (node === null || typeof node !== 'object') return here;
  return [...here, ...Object.entries(node).flatMap(([key, child]) => pathsOf(child, [...path, Array.isArray(node) ? Number(key) : key]))];
}

/** An own, enumerable `__proto__` key, as JSON.parse makes of `{"__proto__": …}` (an assignment would set the prototype). */
function withOwnProto(object: object, value: unknown) {
  Object.defineProperty(object, '__proto__', { value, enumerable: true, writable: true, configurable: true });
}

/** `make` for objects that are not arrays; anything else as it is. */
function onObjects(make: (value: object) => unknown): (value: unknown) => unknown {
  return (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? make(value) : value);
}

/** The array with an empty slot before its items (JSON has none; a JS caller could pass one). */
function withHoleFirst(items: unknown[]): unknown[] {
  const holed = new Array(items.length + 1);
  for (const [i, item] of items.entries()) holed[i + 1] = item;
  return holed;
}

/** Each sample with one value changed, in every place, to each kind of value; or deleted; or a `__proto__` beside it. */
function everySingleChange(): unknown[] {
  const bodies: unknown[] = [];
  for (const sample of SAMPLES) {
    for (const path of pathsOf(sample)) {
      const change = (apply: (parent: Record<string | number, unknown>, key: string | number) => void) => {
        const body = structuredClone(sample);
        if (path.length === 0) return;
        let parent = body as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        apply(parent, path.at(-1) as string | number);
        bodies.push(body);
      };
      for (const value of EACH_KIND)
        change((parent, key) => {
          parent[key] = value;
        });
      change((parent, key) => void (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]));
      change((parent) => void (Array.isArray(parent) ? parent.push(null) : withOwnProto(parent, 'x')));
      change((parent) => void (Array.isArray(parent) ? parent.unshift({}) : withOwnProto(parent, { polluted: true })));
    }
  }
  return bodies;
}

type Mutation = { where: number; how: 'set' | 'delete' | 'add' | 'proto'; value: unknown };

/** A sample with up to three values set, deleted, added, or a `__proto__` key added (as JSON.parse makes one). */
const mutatedSample = fc
  .tuple(
    fc.nat(SAMPLES.length - 1),
    fc.array(fc.record({ where: fc.nat(), how: fc.constantFrom('set', 'set', 'delete', 'add', 'proto'), value: driftValue }), {
      maxLength: 3,
    }),
  )
  .map(([which, mutations]) => {
    const body: unknown = structuredClone(SAMPLES[which]);
    for (const { where, how, value } of mutations as Mutation[]) {
      const paths = pathsOf(body).filter((path) => path.length > 0);
      if (paths.length === 0) break;
      const path = paths[where % paths.length] as Path;
      let parent = body as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const key = path.at(-1) as string | number;
      if (how === 'set') parent[key] = value;
      else if (how === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
      else if (how === 'add' && !Array.isArray(parent)) parent[`extra${where % 5}`] = value;
      else if (how === 'proto' && !Array.isArray(parent)) withOwnProto(parent, value);
    }
    return body;
  });

const validators = await Promise.all(
  COMPILED_VALIDATORS.map(async (spec) => {
    const module = (await import(join(packageRoot(), compiledPath(spec.from)))) as Record<string, CompiledValidator<unknown>>;
    const validate = module[spec.exportName];
    if (validate === undefined) throw new Error(`${compiledPath(spec.from)} does not export ${spec.exportName}`);
    return { spec, validate, zod: spec.schema() as unknown as PayloadSchema<unknown> };
  }),
);

describe('validators compiled from the zod schemas', () => {
  for (const { spec, validate, zod } of validators) {
    describe(spec.from, () => {
      let accepted = 0;
      const agree = (body: unknown) => {
        const ours = validate(body);
        for (const context of [undefined, { jitless: true }]) {
          const theirs = zod.safeParse(body, context);
          if (theirs.success) expect(exactly(ours)).toBe(exactly(theirs.data));
          else expect(ours).toBeUndefined();
        }
        if (ours !== undefined) accepted++;
      };

      it('agrees with zod on every sample of every source', () => {
        for (const body of SAMPLES) agree(body);
        expect(accepted).toBeGreaterThan(0);
      });

      it('agrees with zod on every sample with any one value changed, deleted, or a __proto__ key beside it', () => {
        const before = accepted;
        const bodies = everySingleChange();
        expect(bodies.length).toBeGreaterThan(1000);
        for (const body of bodies) agree(body);
        expect(accepted - before).toBeGreaterThan(100);
      });

      it('agrees with zod on samples with several values drifted, missing, extra and __proto__ keys', () => {
        const before = accepted;
        fc.assert(
          fc.property(mutatedSample, (body) => void agree(body)),
          { numRuns: RUNS * 10 },
        );
        // Not only refusals: a fair share of the mutated bodies must be valid, or the outputs go unchecked.
        expect(accepted - before).toBeGreaterThan(RUNS / 10);
      });

      it('agrees with zod on objects no JSON parser makes', () => {
        const strange = (sample: unknown): unknown[] => {
          const bodies: unknown[] = [];
          for (const path of pathsOf(sample)) {
            for (const make of [
              (value: unknown) => Object.assign(Object.create(null), value),
              (value: unknown) => Object.assign(Object.create({ inherited: 1 }), value),
              // Every key inherited, none own: zod reads declared keys with `in`, through the prototype.
              onObjects((value) => Object.create(value)),
              // Values behind getters, and the object behind a proxy: read as zod reads them.
              onObjects((value) =>
                Object.defineProperties(
                  {},
                  Object.fromEntries(Object.entries(value).map(([key, item]) => [key, { get: () => item, enumerable: true }])),
                ),
              ),
              onObjects((value) => new Proxy(value, {})),
              (value: unknown) => ({ ...(value as object), [Symbol('key')]: 'x' }),
              (value: unknown) => (Array.isArray(value) ? withHoleFirst(value) : value),
              (value: unknown) => (typeof value === 'string' ? new String(value) : value),
            ]) {
              const body = structuredClone(sample);
              if (path.length === 0) {
                bodies.push(make(body));
                continue;
              }
              let parent = body as Record<string | number, unknown>;
              for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
              const key = path.at(-1) as string | number;
              if (parent[key] !== null && typeof parent[key] === 'object') parent[key] = make(parent[key]);
              else if (typeof parent[key] === 'string') parent[key] = make(parent[key]);
              else continue;
              bodies.push(body);
            }
          }
          return bodies;
        };
        for (const sample of SAMPLES) for (const body of strange(sample)) agree(body);
      });

      it('agrees with zod on arbitrary values', () => {
        fc.assert(
          fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (body) => void agree(body)),
          { numRuns: RUNS },
        );
      });
    });
  }
});
