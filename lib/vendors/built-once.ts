/**
 * A value built on first use and kept: the vendor schemas and their shared parts. A function receives
 * every source of its cloud, but an instance's first callback comes from one of them, and a valid
 * body is validated by the compiled validator (compiled-schema.ts): building zod schemas nobody
 * parses with would be paid at every cold start for nothing.
 */
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
