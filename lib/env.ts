/** The process environment, or a stand-in for it: where every setting and credential comes from. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A value trimmed; undefined when it is absent or blank (a blank value means "not set"). */
function nonEmpty(value: string | undefined): string | undefined {
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

/**
 * An on/off setting, read the same way from a variable and from a sink URL's option: `1`, `true`,
 * `yes`, `on` are on; `0`, `false`, `no`, `off`, blank and absent are off (blank means "not set",
 * as everywhere). Anything else is undefined, for the caller to refuse by name rather than guess.
 */
export function parseSwitch(value: string | null | undefined): boolean | undefined {
  const text = nonEmpty(value ?? undefined)?.toLowerCase();
  if (text === undefined) return false;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return undefined;
}
