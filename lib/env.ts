/** The process environment, or a stand-in for it: where every setting and credential comes from. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; undefined when it is unset or blank (a blank value means "not set"). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
