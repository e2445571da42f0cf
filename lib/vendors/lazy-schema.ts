import type { core } from 'zod/mini';

/** What a source validates its bodies with: a zod schema's `safeParse`. */
export interface PayloadSchema<Payload> {
  safeParse(body: unknown, context?: core.ParseContext<core.$ZodIssue>): core.util.SafeParseResult<Payload>;
}

/**
 * A schema built on its first parse, not when its module loads. A function receives every source of
 * its cloud, but an instance's first callback comes from one of them: building the other sources'
 * zod schemas would be paid at every cold start for nothing.
 */
export function lazySchema<Payload>(build: () => PayloadSchema<Payload>): PayloadSchema<Payload> {
  const schema = builtOnce(build);
  return { safeParse: (body, context) => schema().safeParse(body, context) };
}

/** A value built on first use and kept: shared schema parts, built inside the lazy schemas that use them. */
export function builtOnce<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
