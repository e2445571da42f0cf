import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../lib/package-root.js';

/**
 * The built CLI as users run it: `node bin/alerthook.js …` in a child process, against dist/ that
 * `npm test` builds first. Never through the TypeScript sources, so what vitest resolves for itself
 * (CommonJS interop, paths relative to lib/) cannot hide a failure users would see.
 *
 * Children are spawned asynchronously: the stand-ins they talk to answer from this process.
 * The environment is a clean one (PATH, HOME, TMPDIR) plus what the test passes.
 */
export const REPO = packageRoot();
export const BIN = join(REPO, 'bin', 'alerthook.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name] as string;
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** A running child: its output so far, a way to wait for a line, and its end. */
export class Running {
  stdout = '';
  stderr = '';
  readonly finished: Promise<Finished>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.finished = new Promise((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr })),
    );
  }

  /** Resolves with the first match of `pattern` in the stream; rejects if the child ends first or time runs out. */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.finished.then(() => (ended = true));
    for (;;) {
      const match = this[stream].match(pattern);
      if (match) return match;
      if (ended) throw new Error(`process ended before ${pattern} appeared on ${stream}:\n${this.stderr}${this.stdout}`);
      if (Date.now() > deadline)
        throw new Error(`${pattern} did not appear on ${stream} within ${timeoutMs} ms:\n${this.stderr}${this.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends a signal to the child's whole process group (npm runs its script as a grandchild). */
  private signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-(this.child.pid as number), signal);
    } catch {
      // already gone
    }
  }

  /** Ends the child and everything it started (SIGTERM, then SIGKILL) and resolves with what it printed. */
  async stop(): Promise<Finished> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), 3000);
      const done = await this.finished;
      clearTimeout(timer);
      return done;
    }
    return this.finished;
  }

  /** Resolves when the child ends by itself; kills it and rejects if it outlives `timeoutMs`. */
  async exit(timeoutMs = 20_000): Promise<Finished> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.signal('SIGKILL');
        reject(new Error(`still running after ${timeoutMs} ms:\n${this.stderr}${this.stdout}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function start(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string | Buffer } = {},
): Running {
  // Its own process group, so stopping it stops what it started too.
  const child = spawn(command, [...args], { cwd: options.cwd ?? REPO, env: baseEnv(options.env), detached: true });
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  return new Running(child);
}

/** Starts the built CLI. */
export function startCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string | Buffer } = {},
): Running {
  return start(process.execPath, [BIN, ...args], options);
}

/** Runs the built CLI to its end. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string | Buffer; timeoutMs?: number } = {},
): Promise<Finished> {
  return startCli(args, options).exit(options.timeoutMs);
}

/** A failure as the CLI promises it: a non-zero exit, one `alerthook: …` line first, no stack trace. */
export function expectOneLineError(result: Finished): string {
  const first = result.stderr.split('\n')[0] ?? '';
  if (result.code === 0) throw new Error(`expected a failure, got exit 0:\n${result.stderr}`);
  if (!first.startsWith('alerthook: ')) throw new Error(`expected "alerthook: …" first, got:\n${result.stderr}`);
  if (/\n\s+at /.test(result.stderr)) throw new Error(`a stack trace was printed:\n${result.stderr}`);
  return first;
}

/** `npm ARGS` in `cwd` (the repository by default), as a user types it; three minutes at most. */
export function npm(args: string[], cwd = REPO) {
  return start('npm', args, { cwd }).exit(180_000);
}
