import * as z from 'zod/mini';
import * as core from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import { builtOnce } from './built-once.js';

/**
 * The vendors' JSON drifts between strings and numbers for the same field (`"1"` vs `1`,
 * `vport: 443` vs `""`), and Go-built senders write empty lists as `null`. These schemas accept
 * every spelling seen and hand the normalizer one type. The original value stays in `data.raw`.
 *
 * The vendor schemas use `zod/mini`, zod's tree-shakable API over the same core: building and first
 * running them costs a function's cold start about a third of what zod's classic API does, and
 * the bundle leaves out the classic API altogether. Mini loads no message locale by itself; the
 * English one is set before the first vendor schema is built, so the reasons in dead letters read
 * as they always have.
 *
 * Nothing here is built at load: a valid body is validated by the source's compiled validator, so
 * most function instances never build a zod schema (setting the locale and building the four shared
 * parts at load cost each cold start ~3.7 M instructions, bench group 4).
 */

/** zod's English messages, set before zod first parses (by compiledFirst) or a vendor schema is built. */
export const zodMessagesInEnglish = builtOnce(() => void z.config(en()));

/**
 * `z.looseObject`, with the object parser zod's classic API uses: it compiles a fast path for each
 * shape on first use (`$ZodObjectJIT`), which mini leaves out to stay small, and which makes every
 * later parse of the vendors' objects nearly twice as fast. Built from zod's own exported parts, the
 * way mini builds its object; a test holds it to `z.looseObject`'s results.
 */
const jitLooseObject = builtOnce(() => {
  zodMessagesInEnglish();
  const ObjectJit: core.$constructor<core.$ZodObject> = core.$ZodObjectJIT;
  const MiniType: core.$constructor<z.ZodMiniType> = z.ZodMiniType;
  return core.$constructor('AlerthookLooseObject', (inst: z.ZodMiniObject, def: core.$ZodObjectDef) => {
    ObjectJit.init(inst, def);
    MiniType.init(inst, def);
  });
});
export function looseObject<Shape extends core.$ZodLooseShape>(shape: Shape): z.ZodMiniObject<Shape, core.$loose> {
  const JitLooseObject = jitLooseObject();
  return new JitLooseObject({ type: 'object', shape, catchall: z.unknown() }) as unknown as z.ZodMiniObject<Shape, core.$loose>;
}

/*
 * The transforms below are named exports, as every transform and refinement of a vendor schema is:
 * the validators compiled from the schemas (`npm run schema`) import them by name.
 */

export function scalarAsText(value: string | number | boolean): string {
  return String(value);
}

export function optionalScalarAsText(value: string | number | boolean | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

export function emptyListIfNullish<T>(value: T[] | null | undefined): T[] {
  return value ?? [];
}

/**
 * A transform reading an alarm's status from the code its sender writes as text or a number
 * (Tencent's alarmStatus 1/0, the log services' NotifyType 1/2); any other code is an issue.
 */
export function statusCodeReader(codes: { readonly firing: string; readonly resolved: string }, expected: string) {
  return (value: string | number, ctx: core.ParsePayload): 'firing' | 'resolved' => {
    const code = String(value).trim();
    if (code === codes.firing) return 'firing';
    if (code === codes.resolved) return 'resolved';
    ctx.issues.push({ code: 'custom', message: expected, input: value });
    return z.NEVER;
  };
}

/** The lenient types the vendor schemas share, built with the first schema that uses them. */
export const driftTypes = builtOnce(() => {
  const scalar = z.union([z.string(), z.number(), z.boolean()]);
  return {
    /** A required identifier or name, as text whatever its JSON type. */
    text: z.pipe(scalar, z.transform(scalarAsText)),
    /** An optional scalar as text; absent, null and "" all become null. */
    optionalText: z.pipe(z.optional(z.union([scalar, z.null()])), z.transform(optionalScalarAsText)),
    /** An optional number that may arrive as a string (`"90"`), `""`, or `"NaN"`: a finite number or null. */
    optionalNumber: z.pipe(z.optional(z.union([z.number(), z.string(), z.null()])), z.transform(toFiniteNumberOrNull)),
  };
});

export function toFiniteNumberOrNull(value: number | string | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** A list that may be absent or `null`; always an array after parsing. */
export function list<T extends z.ZodMiniType>(item: T) {
  return z.pipe(z.nullish(z.array(item)), z.transform(emptyListIfNullish<z.output<T>>));
}

/**
 * Flattens a vendor's dimensions object into the contract's string map: nested objects become
 * dotted keys (`objDetail.deviceLanIp`), scalars become text, arrays become JSON.
 * Depth is bounded because the input is whatever the sender chose to nest.
 */
export function flattenDimensions(value: unknown, into: Record<string, string> = {}, prefix = '', depth = 0): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return into;
  for (const [key, item] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (item === null || item === undefined) into[name] = '';
    else if (typeof item === 'object' && !Array.isArray(item) && depth < 3) flattenDimensions(item, into, name, depth + 1);
    else if (typeof item === 'object') into[name] = JSON.stringify(item);
    else into[name] = String(item);
  }
  return into;
}
