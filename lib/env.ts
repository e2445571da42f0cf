/** The process environment, or a stand-in for it: where every setting and credential comes from. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; undefined when it is unset or blank (a blank value means "not set"). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The first of `names` set to a non-blank value, trimmed: how every setting and credential is read,
 * so that `X=` and `X='  '` mean "not set" everywhere.
 */
export function envValue(env: Env, ...names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}
