import type * as z from 'zod';

/**
 * Why a body failed its vendor's schema, one line per problem, each in one form:
 * `path: expected WHAT, got WHAT-CAME`. zod's own messages read unevenly ("Invalid input" with
 * nothing expected for a union of drift types, the old "Invalid discriminator value" wording) and
 * never say what came, since zod keeps the input out of its issues; it is looked up in the body.
 *
 * What came is told by its JSON type; its value too only when it is short and cannot be a secret
 * or personal data: numbers, booleans, null, and strings of at most SHORT_TEXT word characters
 * (an enum value like "Metric", a status like "1"). A longer string is "string (N characters)".
 * These lines go into dead letters and logs, which outlive the body's owner's intent.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], body: unknown): string[] {
  return issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String).join('.');
    const expected = expectation(issue);
    // A check on the whole of an object ("names no resource in …") says what is wrong by itself.
    const text = expected === null ? issue.message : `${expected}, got ${describeValue(valueAt(body, issue.path))}`;
    return path === '' ? text : `${path}: ${text}`;
  });
}

const SHORT_TEXT = 16;
const MISSING = Symbol('missing');

function expectation(issue: z.core.$ZodIssue): string | null {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}`;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && Array.isArray((issue as { options?: unknown }).options))
        return `expected ${oneOf((issue as { options: unknown[] }).options)}`;
      // A union of drift types (string | number | boolean …): each branch failed on its type alone.
      const types = issue.errors.flatMap((branch) =>
        branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? [branch[0].expected] : [],
      );
      return types.length === issue.errors.length && types.length > 0
        ? `expected ${alternatives([...new Set(types)])}`
        : 'expected one of the shapes this field takes';
    }
    default: {
      // Checks the schemas add say what they expect ("expected 1 (alarm) or 0 (recovered)").
      const message = issue.message.replace(/^Invalid input: /, '');
      return /^expected\b/.test(message) ? message : null;
    }
  }
}

function alternatives(names: readonly string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] as string}`;
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map((value) => (typeof value === 'string' ? `"${value}"` : String(value)));
  return listed.length === 1 ? (listed[0] as string) : `one of ${listed.join(', ')}`;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return MISSING;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function describeValue(value: unknown): string {
  if (value === MISSING || value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string')
    return value.length <= SHORT_TEXT && /^[\w .:+-]*$/.test(value)
      ? `string ${JSON.stringify(value)}`
      : `string (${value.length} characters)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}
