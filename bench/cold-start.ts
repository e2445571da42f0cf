import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../lib/package-root.js';
import type { CorpusBody } from './corpus.js';
import { median } from './measure.js';

/**
 * Figure 4: a fresh `node` that requires one built function bundle and answers one callback with
 * the file sink, against a fresh `node` that only reads the same body (the floor: what any handler
 * pays to start Node and parse its event). Three measures of the same pair of scripts:
 * - wall time, medians of `runs` alternating runs;
 * - user + system CPU time of each process (its own getrusage at exit, so it counts Node's start-up
 *   too): what an instance with a fraction of a core pays, since there every CPU-millisecond is
 *   stretched by the throttle;
 * - instructions, counted by `valgrind --tool=callgrind`, where both times swing by tens of percent.
 *   V8 seeds its hash tables at random, and the seed alone moves a bare node's count by up to ±7%
 *   (82–94 M seen); with `--random-seed=N` a run repeats to within 0.1%. So each count is the
 *   median over the same `seeds` for the function and the floor.
 * The instructions are counted against a second reference too, with the same seeds and environment:
 * a minimal durable handler (bench/minimal-durable-handler.cjs), required as the bundle is, that
 * parses the body and makes the file sink's durable write with the same system calls. What the
 * function costs above it is what a callback does beyond the write any durable handler must make.
 */
export interface ColdStart {
  functionMs: number;
  floorMs: number;
  functionCpuMs: number;
  floorCpuMs: number;
  /** null when valgrind is not installed (or no seeds were asked for). */
  instructions: { function: number; floor: number; durableHandler: number } | null;
}

/** Each script reports its process's CPU time on fd 3 as it exits. */
const REPORT_CPU = `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(3, String((u.user + u.system) / 1000)) });`;
const FLOOR = 'JSON.parse(JSON.parse(process.env.EVENT).body)';
const DURABLE_HANDLER = join(packageRoot(), 'bench', 'minimal-durable-handler.cjs');

/** `node -e` text that requires a CommonJS handler and calls it once as the platform would; exits 1 unless it answers 200. */
function callOnce(file: string, exportName: string): string {
  return `require(${JSON.stringify(file)}).${exportName}(JSON.parse(process.env.EVENT), { request_id: 'bench-1', requestId: 'bench-1' }).then((a) => { if (a.statusCode !== 200) process.exit(1) })`;
}

export function benchColdStart(bundleDir: string, exportName: string, event: unknown, runs: number, seeds: number): ColdStart {
  // A memory-backed directory, so that the figure is the code's and not the disk's.
  const dir = mkdtempSync(join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'alerthook-bench-cold-'));
  // Nothing else from the bench's environment: NODE_EXTRA_CA_CERTS alone makes every node parse a
  // CA bundle at start-up (about 410 M instructions, five times a bare node's start), in both runs.
  const env = { PATH: process.env.PATH ?? '', ALERTHOOK_TOKEN: 'bench', ALERTHOOK_SINK: `file://${dir}`, EVENT: JSON.stringify(event) };
  // The context names the request, as SCF's does (request_id; requestIdFrom reads requestId for
  // veFaaS); a call with no id anywhere gets a UUID, which loads Web Crypto (~10 M instructions).
  const handler = callOnce(join(bundleDir, 'index.js'), exportName);
  const durableHandler = callOnce(DURABLE_HANDLER, 'handler');
  const wall = { fn: [] as number[], floor: [] as number[] };
  const cpu = { fn: [] as number[], floor: [] as number[] };
  try {
    for (let i = 0; i < runs + 1; i++) {
      const a = run(REPORT_CPU + handler, env);
      const b = run(REPORT_CPU + FLOOR, env);
      if (i === 0) continue; // the first pair warms the disk cache
      wall.fn.push(a.ms);
      wall.floor.push(b.ms);
      cpu.fn.push(a.cpuMs);
      cpu.floor.push(b.cpuMs);
    }
    const counts = { fn: [] as number[], floor: [] as number[], durableHandler: [] as number[] };
    for (let seed = 1; seed <= seeds; seed++) {
      const fnCount = countInstructions(handler, env, seed);
      if (fnCount === null) break;
      counts.fn.push(fnCount);
      counts.floor.push(countInstructions(FLOOR, env, seed) as number);
      counts.durableHandler.push(countInstructions(durableHandler, env, seed) as number);
    }
    return {
      functionMs: median(wall.fn),
      floorMs: median(wall.floor),
      functionCpuMs: median(cpu.fn),
      floorCpuMs: median(cpu.floor),
      instructions:
        counts.fn.length === 0
          ? null
          : { function: median(counts.fn), floor: median(counts.floor), durableHandler: median(counts.durableHandler) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(script: string, env: Record<string, string>): { ms: number; cpuMs: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error('cold start run failed');
  return { ms, cpuMs: Number(String(result.output[3])) };
}

/** Instructions executed by `node -e script`, all threads, or null without valgrind. */
function countInstructions(script: string, env: Record<string, string>, seed: number): number | null {
  const result = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, `--random-seed=${seed}`, '-e', script],
    { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  const collected = /Collected : (\d+)/.exec(result.stderr ?? '');
  if (result.status !== 0 || collected === null) throw new Error(`callgrind run failed: ${result.stderr}`);
  return Number(collected[1]);
}

export function functionUrlEvent(body: CorpusBody) {
  return { httpMethod: 'POST', path: '/', headers: { token: 'bench' }, queryString: {}, body: body.bytes.toString('utf8') };
}

export function gatewayEvent(body: CorpusBody) {
  return {
    httpMethod: 'POST',
    path: '/',
    pathParameters: {},
    queryStringParameters: {},
    headers: { token: 'bench' },
    body: body.bytes.toString('utf8'),
  };
}
