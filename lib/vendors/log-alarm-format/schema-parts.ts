import * as z from 'zod/mini';
import { builtOnce } from '../lazy-schema.js';

/**
 * zod parts for bodies rendered from a log service's alarm template (Tencent CLS, Volcengine TLS):
 * the user's console renders the body, so every value arrives as whatever the template printed.
 * Go's text/template prints a variable the data lacks as `<no value>`; that, `null`, `""` and an
 * absent key all mean "the service gave nothing".
 */
const NO_VALUE = '<no value>';

/**
 * The parts, built on first use inside the CLS and TLS schemas (themselves built on their first
 * parse), so a function whose first callback is not a log alarm builds none of them.
 */
export const logAlarmSchemaParts = builtOnce(() => {
  const scalar = z.union([z.string(), z.number(), z.boolean()]);

  /** Optional text, kept exactly as rendered (no trimming: a value must reach the event unchanged). */
  const renderedText = z.pipe(
    z.optional(z.union([scalar, z.null()])),
    z.transform((value) => (value === undefined || value === null || value === '' || value === NO_VALUE ? null : String(value))),
  );

  /** An optional whole number rendered as text or as a number: `"1"`, `1`; anything else is null. */
  const renderedInteger = z.pipe(
    z.optional(z.union([z.string(), z.number(), z.null()])),
    z.transform((value) => {
      if (value === undefined || value === null) return null;
      const text = String(value).trim();
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
    }),
  );

  /**
   * A list, where a Go template wrote a `null` after its last item (`[{{range .X}}…, {{end}}null]`:
   * the only way to separate items without counting them); absent and `null` are an empty list.
   */
  function renderedList<T extends z.ZodMiniType>(item: T) {
    return z.pipe(
      z.nullish(z.array(z.union([z.null(), item]))),
      z.transform((value) => (value ?? []).filter((entry) => entry !== null) as z.output<T>[]),
    );
  }

  /** `[["key", "value"], …, null]` pairs (a map a template ranged over) or a plain object: one string map. */
  const renderedPairs = z.pipe(
    z.nullish(z.union([renderedList(z.tuple([z.string(), z.unknown()])), z.record(z.string(), z.unknown())])),
    z.transform((value) => {
      if (value === null || value === undefined) return {};
      const entries: [string, unknown][] = Array.isArray(value) ? (value as [string, unknown][]) : Object.entries(value);
      // fromEntries, not assignment: a log field may be called `__proto__`, and must stay a field.
      return Object.fromEntries(entries.map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item ?? null)]));
    }),
  );

  /** `"cls/1"`: which of alerthook's templates rendered the body, and its version; null for a body of the user's own. */
  function templateVersion(family: string) {
    return z.pipe(
      z.optional(z.unknown()),
      z.transform((value, ctx) => {
        if (value === undefined || value === null) return null;
        const match = typeof value === 'string' ? new RegExp(`^${family}/(\\d+)$`).exec(value) : null;
        if (match !== null) return Number(match[1]);
        ctx.issues.push({ code: 'custom', message: `expected "${family}/<version>" (alerthook's ${family} template)`, input: value });
        return z.NEVER;
      }),
    );
  }

  /** NotifyType as both services document it: `1` an alarm (trigger), `2` its recovery; as text or a number. */
  const notifyType = z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((value, ctx) => {
      const text = String(value).trim();
      if (text === '1') return 'firing' as const;
      if (text === '2') return 'resolved' as const;
      ctx.issues.push({ code: 'custom', message: 'expected 1 (alarm) or 2 (recovery)', input: value });
      return z.NEVER;
    }),
  );
  return { renderedText, renderedInteger, renderedList, renderedPairs, templateVersion, notifyType };
});
