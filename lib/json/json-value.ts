/** A JSON object (not null, not an array): what a callback body or one of its fields must be to be read as one. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
