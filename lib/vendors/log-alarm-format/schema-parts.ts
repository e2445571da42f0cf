import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import { statusCodeReader } from '../drift.js';
import { builtOnce } from '../built-once.js';

/**
 * zod parts for bodies rendered from a log service's alarm template (Tencent CLS, Volcengine TLS):
 * the user's console renders the body, so every value arrives as whatever the template printed.
 * Go's text/template prints a variable the data lacks as `<no value>`; that, `null`, `""` and an
 * absent key all mean "the service gave nothing".
 */
const NO_VALUE = '<no value>';

/*
 * Every transform is a named export: the compiled validators (schema.compiled.ts beside the CLS and
 * TLS schemas, from `npm run schema`) import them by name.
 */

/** Optional text, kept exactly as rendered (no trimming: a value must reach the event unchanged). */
export function renderedTextOf(value: string | number | boolean | null | undefined): string | null {
  return value === undefined || value === null || value === '' || value === NO_VALUE ? null : String(value);
}

/** An optional whole number rendered as text or as a number: `"1"`, `1`; anything else is null. */
export function renderedIntegerOf(value: string | number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** A rendered list without the `null`s a template wrote after its items; absent and `null` are an empty list. */
export function renderedListOf<T>(value: (T | null)[] | null | undefined): T[] {
  return (value ?? []).filter((entry) => entry !== null) as T[];
}

/** `[["key", "value"], …]` pairs or a plain object, as one string map. */
export function renderedPairsOf(value: [string, unknown][] | Record<string, unknown> | null | undefined): Record<string, string> {
  if (value === null || value === undefined) return {};
  const entries: [string, unknown][] = Array.isArray(value) ? value : Object.entries(value);
  // fromEntries, not assignment: a log field may be called `__proto__`, and must stay a field.
  return Object.fromEntries(entries.map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item ?? null)]));
}

/** `"cls/1"`: which of alerthook's templates rendered the body, and its version; null for a body of the user's own. */
export function templateVersionReader(family: string) {
  const pattern = new RegExp(`^${family}/(\\d+)$`);
  return (value: unknown, ctx: core.ParsePayload): number | null => {
    if (value === undefined || value === null) return null;
    const match = typeof value === 'string' ? pattern.exec(value) : null;
    if (match !== null) return Number(match[1]);
    ctx.issues.push({ code: 'custom', message: `expected "${family}/<version>" (alerthook's ${family} template)`, input: value });
    return z.NEVER;
  };
}

/** NotifyType as both services document it: `1` an alarm (trigger), `2` its recovery; as text or a number. */
export const notifyTypeOf = statusCodeReader({ firing: '1', resolved: '2' }, 'expected 1 (alarm) or 2 (recovery)');

/**
 * The parts, built on first use inside the CLS and TLS schemas (themselves built on their first
 * use), so a function whose first callback is not a log alarm builds none of them.
 */
export const logAlarmSchemaParts = builtOnce(() => {
  const scalar = z.union([z.string(), z.number(), z.boolean()]);
  const renderedText = z.pipe(z.optional(z.union([scalar, z.null()])), z.transform(renderedTextOf));
  const renderedInteger = z.pipe(z.optional(z.union([z.string(), z.number(), z.null()])), z.transform(renderedIntegerOf));

  /**
   * A list, where a Go template wrote a `null` after its last item (`[{{range .X}}…, {{end}}null]`:
   * the only way to separate items without counting them).
   */
  function renderedList<T extends z.ZodMiniType>(item: T) {
    const rendered = z.nullish(z.array(z.union([z.null(), item])));
    return z.pipe(rendered, z.transform(renderedListOf as (value: z.output<typeof rendered>) => z.output<T>[]));
  }

  /** `[["key", "value"], …, null]` pairs (a map a template ranged over) or a plain object: one string map. */
  const renderedPairs = z.pipe(
    z.nullish(z.union([renderedList(z.tuple([z.string(), z.unknown()])), z.record(z.string(), z.unknown())])),
    z.transform(renderedPairsOf),
  );

  /** The template's version field, read by `read` (one of templateVersionReader's, exported by the source's schema). */
  const templateVersion = (read: ReturnType<typeof templateVersionReader>) => z.pipe(z.optional(z.unknown()), z.transform(read));

  const notifyType = z.pipe(z.union([z.string(), z.number()]), z.transform(notifyTypeOf));
  return { renderedText, renderedInteger, renderedList, renderedPairs, templateVersion, notifyType };
});
