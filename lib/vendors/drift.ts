import * as z from 'zod';

/**
 * The vendors' JSON drifts between strings and numbers for the same field (`"1"` vs `1`,
 * `vport: 443` vs `""`), and Go-built senders write empty lists as `null`. These schemas accept
 * every spelling seen and hand the normalizer one type. The original value stays in `data.raw`.
 */

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A required identifier or name, as text whatever its JSON type. */
export const text = scalar.transform((value) => String(value));

/** An optional scalar as text; absent, null and "" all become null. */
export const optionalText = z
  .union([scalar, z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || value === '' ? null : String(value)));

/** An optional number that may arrive as a string (`"90"`), `""`, or `"NaN"`: a finite number or null. */
export const optionalNumber = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform(toFiniteNumberOrNull);

export function toFiniteNumberOrNull(value: number | string | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** A list that may be absent or `null`; always an array after parsing. */
export function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);
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
