/**
 * Structured JSON lines on stdout: a function's stdout is the vendor's log service, and one object
 * per line is what both log services index. Callers pass no secrets (sink URLs go through `redactSinkUrls`).
 */
export type LogFields = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string };
export type LogLine = (fields: LogFields) => void;

export const stdoutLog: LogLine = (fields) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
};
