/**
 * `ALERTHOOK_SINK` holds one sink URL or several separated by commas. Kafka URLs carry commas of
 * their own (`kafka://b1:9092,b2:9092/topic`), so a comma separates sinks only where a new
 * `scheme://` follows it.
 */
export function splitSinkUrls(text: string): string[] {
  return text
    .split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((url) => url.trim())
    .filter((url) => url !== '');
}

export function sinkScheme(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? '';
}

/** A URL option that must be one of `allowed`; `fallback` when absent. Throws naming the option. */
export function choice<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = params.get(name);
  if (value === null || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as T;
  throw new Error(`sink option ${name}=${value}: expected one of ${allowed.join(', ')}`);
}

export function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value !== null && /^(1|true|yes|on|)$/i.test(value);
}

/** A credential from the environment: the first of `names` that is set. */
export function credential(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Each URL of a sink list with passwords and credential-like query parameters replaced by `***`. */
export function redactSinkUrls(text: string): string {
  return splitSinkUrls(text).map(redactUrl).join(',');
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/secret|password|passwd|token|key|sig|credential/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}
