/**
 * Structured JSON lines on stdout: a function's stdout is the vendor's log service, and one object
 * per line is what both log services index. Callers pass no secrets; `redactUrl` is for sink URLs.
 */
export type LogFields = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string };
export type LogLine = (fields: LogFields) => void;

export const stdoutLog: LogLine = (fields) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
};

/** A URL with its password and any credential-like query parameters replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/secret|password|token|key|sig|credential/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}
