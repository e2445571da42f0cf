import { writeSync } from 'node:fs';

/**
 * Structured JSON lines on stdout: a function's stdout is the vendor's log service, and one object
 * per line is what both log services index. Callers pass no secrets (sink URLs go through `redactSinkUrls`).
 */
export type LogFields = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string };
export type LogLine = (fields: LogFields) => void;

export const stdoutLog: LogLine = (fields) => {
  writeStdout(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
};

/**
 * A line to file descriptor 1 with one write(2). Touching `process.stdout` builds a stream (and
 * loads Node's stream modules, about 1.5 ms of a cold start) to do the same thing: on Linux, Node
 * writes stdout synchronously whether it is a file, a pipe or a terminal. Should the descriptor
 * refuse (a non-blocking pipe that is full, say), this and every later line go through
 * `process.stdout`, which knows how to wait.
 */
let viaStream = false;
function writeStdout(line: string): void {
  if (viaStream) {
    process.stdout.write(line);
    return;
  }
  const bytes = Buffer.from(line, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    viaStream = true;
    process.stdout.write(bytes.subarray(written));
  }
}
