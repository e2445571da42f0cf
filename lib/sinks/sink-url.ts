import { parseSwitch } from '../env.js';
import { ConfigError } from '../errors.js';

/**
 * `ALERTHOOK_SINK` holds one sink URL or several separated by commas. Kafka URLs carry commas of
 * their own (`kafka://b1:9092,b2:9092/topic`), so a comma separates sinks only where a new
 * `scheme://` follows it.
 */
export function splitSinkUrls(text: string): string[] {
  return text
    .split(SINK_SEPARATOR)
    .map((url) => url.trim())
    .filter((url) => url !== '');
}

const SINK_SEPARATOR = /,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i;
const SINK_EXAMPLES = 'e.g. file://./data (relative) or file:///abs/path';

/**
 * The sink URLs a variable holds, checked for the mistakes of typing a list: an empty entry (a
 * leading, doubled or trailing comma, which would otherwise end up in a directory's name), and an
 * entry that is not SCHEME://… (`file:/data` reads as /data at the root, `file:data` as nothing
 * the user meant). A ConfigError names the variable, the entry (without credentials) and the shape.
 */
export function parseSinkList(text: string, variable: string): string[] {
  const entries = text.split(SINK_SEPARATOR).map((url) => url.trim());
  entries.forEach((url, index) => {
    const where =
      url === '' || url.startsWith(',')
        ? index === 0
          ? 'a leading comma'
          : 'two commas in a row'
        : url.endsWith(',')
          ? index === entries.length - 1
            ? 'a trailing comma'
            : 'two commas in a row'
          : null;
    if (where !== null)
      throw new ConfigError(
        `${variable} has an empty entry (${where}) in "${redactAsTyped(text)}": separate sink URLs with one comma, ${SINK_EXAMPLES}`,
      );
    if (!/^[a-z][a-z0-9+.-]*:\/\/./i.test(url))
      throw new ConfigError(`${variable}: "${redactAsTyped(url)}" is not a sink URL: expected SCHEME://…, ${SINK_EXAMPLES}`);
  });
  return entries;
}

/** Credentials masked, the rest as the user typed it: URL parsing would rewrite `file:/./x` as `file:///x`. */
function redactAsTyped(text: string): string {
  return text
    .replace(/(\/\/[^/@:,]*:)[^/@]*@/g, '$1***@')
    .replace(/([?&][^=&]*(?:secret|password|passwd|token|key|sig|credential)[^=&]*=)[^&,]*/gi, '$1***');
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

/** An on/off URL option (`&tls=1`), as parseSwitch reads it; throws naming the option for any other value. */
export function flag(params: URLSearchParams, name: string): boolean {
  const on = parseSwitch(params.get(name));
  if (on === undefined) throw new Error(`sink option ${name}=${params.get(name)}: expected 1 or 0 (true/false, yes/no, on/off)`);
  return on;
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
