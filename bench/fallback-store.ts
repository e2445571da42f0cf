import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redriveDeferred } from '../lib/redrive/redrive-deferred.js';
import { openFallbackStore } from '../lib/sinks/fallback-store.js';
import { openFileSink } from '../lib/sinks/file/sink.js';
import { loadVendors } from '../lib/vendors/registry.js';
import { gatewayEvent } from './cold-start.js';
import { loadCorpus, type CorpusBody } from './corpus.js';
import { distinctAlerts, functionInstance, type FunctionHandler } from './function-instances.js';
import { median, percentile } from './measure.js';
import { floorRedrive, planFrom, treeOf, type RedrivePlan } from './redrive-floor.js';

/**
 * Figure 6, run as `node dist/bench/fallback-store.js BUNDLE_DIR ANSWERS LETTERS ROUNDS` in a
 * process of its own (a function instance reads its configuration once):
 *
 * 1. A deferred callback's answer against a live one's: two warm instances of the built veFaaS
 *    bundle, both with a file fallback store, called alternately with the same distinct callbacks
 *    (ANSWERS measured after a warm-up). The live one's file sink works (and it lists its empty
 *    fallback before each callback, as a function with a fallback does); the deferred one's sink
 *    fails at once (its directory would be under a regular file), so each body goes to the
 *    fallback as a deferred letter. Both on tmpfs, so the figure is the code's and not the disk's.
 * 2. The letters the deferred instance kept (topped up to LETTERS) are the backlog: a copy of it
 *    is redriven with lib/redrive (what `alerthook replay` and the scheduled trigger run) into the
 *    file sink, against the floor (redrive-floor.ts) on another copy, ROUNDS times each in turns,
 *    on tmpfs and in the temporary directory (a disk, where fsync costs what it costs).
 *
 * Prints one JSON line.
 */

const [bundleDir, answersText, lettersText, roundsText] = process.argv.slice(2);
const answers = Number(answersText ?? 400);
const wanted = Number(lettersText ?? 1000);
const rounds = Number(roundsText ?? 3);
const WARMUP = Math.min(40, answers);
const VENDOR = 'volcengine';

const memory = process.platform === 'linux' ? '/dev/shm' : tmpdir();
const scratch = mkdtempSync(join(memory, 'alerthook-bench-fallback-'));
const template = loadCorpus().find((body) => body.name === 'Metric') as CorpusBody;
const bodies = distinctAlerts(template, Math.max(wanted, 1 + WARMUP + answers));
/** What the first redrive wrote, for the floor to write again. */
let plan: RedrivePlan | undefined;

try {
  const answer = await answerTimes();
  const redrive = [];
  for (const base of [...new Set([memory, tmpdir()])]) redrive.push(await redriveRate(base));
  process.stdout.write(`${JSON.stringify({ answers: answer, redrive })}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);

async function answerTimes() {
  const blocker = join(scratch, 'a-regular-file');
  writeFileSync(blocker, '');
  const common = { ALERTHOOK_TOKEN: 'bench' };
  const deferred = await functionInstance(
    bundleDir as string,
    scratch,
    { ...common, ALERTHOOK_SINK: `file://${blocker}/sink`, ALERTHOOK_FALLBACK: `file://${join(scratch, 'letters')}` },
    gatewayEvent(bodies[0] as CorpusBody),
  );
  const live = await functionInstance(
    bundleDir as string,
    scratch,
    { ...common, ALERTHOOK_SINK: `file://${join(scratch, 'live-events')}`, ALERTHOOK_FALLBACK: `file://${join(scratch, 'live-fallback')}` },
    gatewayEvent(bodies[0] as CorpusBody),
  );
  const times = { deferred: [] as number[], live: [] as number[] };
  const call = async (handler: FunctionHandler, body: CorpusBody, expected: string, into: number[] | null) => {
    const start = process.hrtime.bigint();
    const reply = await handler(gatewayEvent(body), {});
    into?.push(Number(process.hrtime.bigint() - start) / 1e6);
    const status = reply.statusCode === 200 ? (JSON.parse(reply.body) as { status: string }).status : String(reply.statusCode);
    if (status !== expected) throw new Error(`bench: a ${expected} callback was answered ${status}: ${reply.body}`);
  };
  for (let i = 1; i <= WARMUP + answers; i++) {
    const measured = i > WARMUP;
    const body = bodies[i] as CorpusBody;
    // Alternate which goes first, so neither always follows the other's work.
    const pair = [
      () => call(deferred, body, 'deferred', measured ? times.deferred : null),
      () => call(live, body, 'accepted', measured ? times.live : null),
    ];
    if (i % 2 === 1) pair.reverse();
    for (const run of pair) await run();
  }
  // The rest of the backlog, untimed.
  for (let i = 1 + WARMUP + answers; i < bodies.length; i++) await call(deferred, bodies[i] as CorpusBody, 'deferred', null);
  const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return { deferred: summary(times.deferred), live: summary(times.live), samples: times.live.length };
}

/** A fresh root holding a copy of the backlog under `fallback/`, as the deferred instance wrote it. */
function backlogCopy(base: string): string {
  const root = mkdtempSync(join(base, 'alerthook-bench-redrive-'));
  mkdirSync(join(root, 'fallback'));
  cpSync(join(scratch, 'letters', 'deferred'), join(root, 'fallback', 'deferred'), { recursive: true });
  // The copy's own writes reach the disk now, not during the timed run (best effort: GNU sync).
  spawnSync('sync', ['-f', root], { stdio: 'ignore' });
  return root;
}

async function ours(root: string) {
  const vendors = await loadVendors();
  const store = await openFallbackStore(`file://${join(root, 'fallback')}`, {});
  const sink = await openFileSink(`file://${join(root, 'sink')}`);
  const settings = { defaultSeverity: 'warning', vendors: { volcengine: {}, tencent: { utcOffsetMinutes: 480 } } } as const;
  const start = process.hrtime.bigint();
  const summary = await redriveDeferred({ store, sink, vendors, settings, vendor: VENDOR, by: 'alerthook-bench' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (summary.failed !== null || summary.remaining !== 0 || summary.redriven !== summary.found)
    throw new Error(`bench: the redrive did not deliver every letter: ${JSON.stringify(summary)}`);
  return { seconds, letters: summary.redriven, events: summary.events };
}

async function floor(root: string) {
  const start = process.hrtime.bigint();
  await floorRedrive(root, plan as RedrivePlan);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Letters (and events) per second, ours and the floor's, medians over the rounds, in directories under `base`. */
async function redriveRate(base: string) {
  const roots: string[] = [];
  const fresh = () => {
    const root = backlogCopy(base);
    roots.push(root);
    return root;
  };
  try {
    // A warm-up pair: the plan for the floor comes from what our redrive wrote, and both trees must match.
    const warm = fresh();
    const first = await ours(warm);
    plan ??= planFrom(warm, VENDOR);
    const warmFloor = fresh();
    await floor(warmFloor);
    if (treeOf(warm).join('\n') !== treeOf(warmFloor).join('\n'))
      throw new Error('bench: the redrive floor left another tree than the redrive');
    const times = { ours: [] as number[], floor: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const pair = [async () => times.ours.push((await ours(fresh())).seconds), async () => times.floor.push(await floor(fresh()))];
      if (round % 2 === 1) pair.reverse();
      for (const run of pair) await run();
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    }
    const oursSeconds = median(times.ours);
    const floorSeconds = median(times.floor);
    return {
      dir: base,
      letters: first.letters,
      events: first.events,
      ours: first.letters / oursSeconds,
      floor: first.letters / floorSeconds,
      oursEvents: first.events / oursSeconds,
      floorEvents: first.events / floorSeconds,
    };
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}
