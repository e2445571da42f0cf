import type { core } from 'zod/mini';
import { isPlainObject } from '../json/json-value.js';
import { zodMessagesInEnglish } from './drift.js';

/** What a source validates its bodies with: a zod schema's `safeParse`, or compiledFirst's. */
export interface PayloadSchema<Payload> {
  safeParse(body: unknown, context?: core.ParseContext<core.$ZodIssue>): core.util.SafeParseResult<Payload>;
}

/**
 * What a compiled validator's functions return for a value its zod schema rejects. A symbol, so no
 * value a schema can produce (`undefined` included, for an optional field) is mistaken for it.
 */
export const INVALID: unique symbol = Symbol('invalid');

/** A validator compiled from a zod schema (`npm run schema`): the schema's output, or undefined where zod would fail. */
export type CompiledValidator<Payload> = (body: unknown) => Payload | undefined;

/** zod's test for a record's input (`util.isPlainObject`), which the compiled validators must answer alike. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const maker = (value as { constructor?: unknown }).constructor;
  if (maker === undefined || typeof maker !== 'function') return true;
  const prototype: unknown = maker.prototype;
  if (typeof prototype !== 'object' || prototype === null || Array.isArray(prototype)) return false;
  return Object.hasOwn(prototype, 'isPrototypeOf');
}

/**
 * zod compiles a fast path for each object schema the first time it parses with it (about 2 ms for
 * a vendor's schemas), which pays for itself only after dozens of parses, and zod now parses only
 * the bodies the compiled validators reject. So a process's first zod parses take its plain path,
 * the rest the compiled one; both give the same result.
 */
const ZOD_PARSES_BEFORE_COMPILING = 50;
const INTERPRETED = { jitless: true } as const;
let zodParses = 0;

function zodParseContext() {
  return ++zodParses > ZOD_PARSES_BEFORE_COMPILING ? undefined : INTERPRETED;
}

/** Whether the object has an own enumerable symbol key, which a zod record refuses. */
export function hasEnumerableSymbol(value: object): boolean {
  for (const symbol of Object.getOwnPropertySymbols(value)) if (Object.prototype.propertyIsEnumerable.call(value, symbol)) return true;
  return false;
}

/** compiledFirst's schema; `validate` and `zodSchema` are its two halves (for the tests that hold them to each other). */
export interface CompiledFirstSchema<Payload> extends PayloadSchema<Payload> {
  readonly validate: CompiledValidator<Payload>;
  readonly zodSchema: () => PayloadSchema<Payload>;
}

/**
 * A source's schema as the pipeline uses it: the validator compiled from the zod schema first, and
 * zod itself (built on first use) only for a body the compiled one rejects, so that a dead letter's
 * reasons are zod's own. The compiled validator is a plain function of the body (no issue objects,
 * no per-field closures) and answers a valid body several times faster; property tests hold it to
 * zod's output on arbitrary input, and zod stays the source of truth for both. (It reads a body as
 * zod does, except that it never reads an absent optional key; a getter or a proxy, which no JSON
 * parser makes, can tell the two apart.)
 */
export function compiledFirst<Payload>(
  validate: CompiledValidator<Payload>,
  zodSchema: () => PayloadSchema<Payload>,
): CompiledFirstSchema<Payload> {
  return {
    validate,
    zodSchema,
    safeParse(body, context) {
      const data = validate(body);
      if (data !== undefined) return { success: true, data };
      // zod's reasons read in English whatever the schema is built of (mini sets no locale itself).
      zodMessagesInEnglish();
      return zodSchema().safeParse(body, context ?? zodParseContext());
    },
  };
}
