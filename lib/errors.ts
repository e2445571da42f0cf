/**
 * The one way an error becomes text for a log line or a CLI message.
 *
 * Node's fetch fails with "fetch failed" and hides what happened in `cause` (ECONNREFUSED, a DNS
 * failure, a TLS error); other clients nest the same way. The causes are appended, each once, so
 * a dead port reads "fetch failed: connect ECONNREFUSED 127.0.0.1:9" and not just "fetch failed".
 */
export function errorMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const text = current instanceof Error ? current.message : typeof current === 'string' ? current : String(current);
    if (text !== '' && !parts.some((part) => part.includes(text))) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length === 0 ? 'unknown error' : parts.join(': ');
}

/** Prefixes an error with where it happened, unless its message already says so. */
export function errorAt(where: string, error: unknown): Error {
  const message = errorMessage(error);
  return new Error(message.startsWith(where) ? message : `${where}: ${message}`, { cause: error });
}

/** A setting that cannot be used, named with the variable it came from: one line from the CLI, 503s from a function. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
