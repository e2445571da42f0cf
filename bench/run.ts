import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { bundleFunctions } from '../deploy/bundle-functions.js';
import { loadVendors, registeredVendors } from '../lib/vendors/registry.js';
import { benchColdStart, functionUrlEvent, gatewayEvent } from './cold-start.js';
import { loadCorpus } from './corpus.js';
import { fallbackStoreRows } from './fallback-figures.js';
import { benchHttpIngest } from './http-ingest.js';
import { benchPipeline } from './pipeline.js';
import { sinkOverheadRows } from './sink-overhead-figures.js';
import type { BenchReport, BenchRow } from './report.js';

/**
 * `npm run bench` (`-- --json` for one machine-readable line, `-- --quick` to check that it runs).
 * Every figure is measured beside a floor that does the same work, in the same run, and reported as
 * a ratio to it, because absolute times do not carry from one machine to the next. A MISS is
 * reported, never an exit code: these machines are noisy, and the bench is not a test.
 *
 *   1. sink overhead: a callback through the built function, against a bare client making the same
 *      acknowledged write (S3 PUT, AMQP publish with confirm), p50 and p99
 *   2. durable HTTP ingest: the local server with the file sink, against node:http doing the same
 *      fsync/rename/directory-fsync per request, at 10 and 50 concurrent
 *   3. pipeline (decode → validate → normalize → serialize), per source, against parsing the same
 *      bodies and serializing the same events, prebuilt
 *   4. cold start of each function bundle against a node that only reads the same body: instructions
 *      (callgrind, the repeatable figure; also against a minimal durable handler), CPU time, wall time
 *   5. bundle sizes; memory over 100,000 callbacks
 *   6. the fallback store: a redrive's letters per second into the file sink, against reading the
 *      same letters and making the same fsynced writes and renames; a deferred callback's answer
 *      through the built function against a live one's, p50 and p99
 */

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const rows: BenchRow[] = [];
const notes: string[] = [];
const corpus = loadCorpus();
const here = fileURLToPath(new URL('.', import.meta.url));

say(
  `alerthook bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB${quick ? ' · --quick' : ''}`,
);
const bundles = await bundleFunctions();
const bundleDir = (fn: string) => join(bundles[0]!.dir, '..', fn);

say('1/6 sink overhead: a callback through the function vs the bare acknowledged write …');
const amqpUrl = await reachableRabbitMq();
for (const sink of ['s3', 'amqp'] as const) {
  if (sink === 'amqp' && amqpUrl === null) {
    notes.push('sink overhead, amqp: skipped, no RabbitMQ answered (set ALERTHOOK_BENCH_AMQP_URL, or run one on 127.0.0.1:5672)');
    continue;
  }
  rows.push(...sinkOverheadRows(sink, bundleDir('volcengine'), quick, amqpUrl));
}

say('2/6 durable HTTP ingest (autocannon; alerthook, the durable floor and a do-nothing server take turns) …');
const metricBody = corpus.find((b) => b.name === 'Metric')!;
for (const connections of [10, 50]) {
  const ingest = await benchHttpIngest(metricBody, connections, quick ? 1 : 4, quick ? 1 : 3);
  if (ingest.alerthook.non2xx > 0 || ingest.alerthook.errors > 0)
    notes.push(`ingest at ${connections}: alerthook answered ${ingest.alerthook.non2xx} non-2xx and had ${ingest.alerthook.errors} errors`);
  const ratio = ingest.alerthook.rps / ingest.durable.rps;
  rows.push({
    group: 2,
    figure: `${connections} concurrent (req/s; p99 ${ingest.alerthook.p99Ms} vs ${ingest.durable.p99Ms} ms)`,
    ours: ingest.alerthook.rps,
    reference: ingest.durable.rps,
    referenceLabel: 'node:http + the same atomic fsynced write',
    ratio,
    target: '≥ 60% of floor',
    pass: ratio >= 0.6 && ingest.alerthook.non2xx === 0,
  });
  rows.push({
    group: 2,
    figure: `${connections} concurrent, for scale: a server that stores nothing (req/s)`,
    ours: ingest.alerthook.rps,
    reference: ingest.bare.rps,
    referenceLabel: 'node:http, body read, 200',
    ratio: ingest.alerthook.rps / ingest.bare.rps,
    target: 'information',
    pass: null,
  });
}

say('3/6 pipeline vs the same parse and serialize, per source …');
for (const figure of benchPipeline(await loadVendors(), corpus, quick)) {
  rows.push({
    group: 3,
    figure: `${figure.source}: ${figure.bodies} bodies → ${figure.events} events (µs per pass)`,
    ours: figure.pipelineNs / 1000,
    reference: figure.floorNs / 1000,
    referenceLabel: 'JSON.parse of the bodies + JSON.stringify of the same events, prebuilt',
    ratio: figure.pipelineNs / figure.floorNs,
    target: '≤ 2× floor',
    pass: figure.pipelineNs / figure.floorNs <= 2,
  });
}

say('4/6 cold start (fresh node processes) …');
// Every registered vendor's bundle, called as its platform calls it (every entry exports `handler`),
// with the vendor's first corpus body.
const PLATFORM_EVENT = { scf: functionUrlEvent, vefaas: gatewayEvent } as const;
for (const [index, vendor] of registeredVendors().entries()) {
  const fn = vendor.name;
  const body = corpus.find((b) => b.vendor === fn);
  if (body === undefined) throw new Error(`bench: no corpus body for the vendor ${fn}; add its samples to bench/corpus.ts`);
  // --quick checks that the bench runs: the instruction count (a callgrind run is ~15 s) for the first bundle only.
  const countedInQuick = index === 0;
  const cold = benchColdStart(
    bundleDir(fn),
    'handler',
    PLATFORM_EVENT[vendor.platform](body),
    quick ? 2 : 21,
    quick ? (countedInQuick ? 1 : 0) : 3,
  );
  if (cold.instructions === null) {
    notes.push(
      `cold start, ${fn}: instruction count skipped, ${quick && !countedInQuick ? 'as --quick counts the first bundle only' : 'valgrind is not installed'}`,
    );
  } else {
    const ratio = cold.instructions.function / cold.instructions.floor;
    rows.push({
      group: 4,
      figure: `${fn}: load + 1 callback, file sink (M instructions, callgrind)`,
      ours: cold.instructions.function / 1e6,
      reference: cold.instructions.floor / 1e6,
      referenceLabel: 'node reading the same body',
      ratio,
      target: '≤ 1.10× floor',
      pass: ratio <= 1.1,
    });
    // For scale: what a callback costs beyond the durable write any handler of these callbacks makes.
    const { durableHandler } = cold.instructions;
    rows.push({
      group: 4,
      figure: `${fn}: the same, against a minimal durable handler (M instructions; it is ${(durableHandler / cold.instructions.floor).toFixed(2)}× the floor)`,
      ours: cold.instructions.function / 1e6,
      reference: durableHandler / 1e6,
      referenceLabel: 'a CommonJS handler: JSON.parse + the same fsynced write, rename, directory fsync',
      ratio: cold.instructions.function / durableHandler,
      target: 'information',
      pass: null,
    });
  }
  rows.push({
    group: 4,
    figure: `${fn}: the same, user + system CPU (ms)`,
    ours: cold.functionCpuMs,
    reference: cold.floorCpuMs,
    referenceLabel: 'node reading the same body',
    ratio: cold.functionCpuMs / cold.floorCpuMs,
    target: 'information',
    pass: null,
  });
  // The wall-clock target is on the time added to the floor, so there is no ratio to show.
  rows.push({
    group: 4,
    figure: `${fn}: the same, wall clock (ms added)`,
    ours: cold.functionMs - cold.floorMs,
    reference: cold.floorMs,
    referenceLabel: 'node reading the same body (ms)',
    ratio: null,
    target: '≤ 15 ms added',
    pass: cold.functionMs - cold.floorMs <= 15,
  });
}

say('5/6 bundles and memory (100,000 callbacks) …');
for (const report of bundles) {
  const cache = report.files.find((f) => f.name === 'index.bundle.cache')!;
  notes.push(
    `code cache ${report.function}/index.bundle.cache: ${(cache.bytes / 1000).toFixed(1)} KB (read at a cold start, not counted above)`,
  );
  // index.js is the loader; the code is index.bundle.js (its code cache, index.bundle.cache, is in the notes).
  const index = report.files.find((f) => f.name === 'index.bundle.js')!;
  rows.push({
    group: 5,
    figure: `bundle ${report.function}/index.bundle.js (KB)`,
    ours: index.bytes / 1000,
    reference: null,
    referenceLabel: '',
    ratio: null,
    target: '≤ 150 KB',
    pass: index.bytes <= 150_000,
  });
}
const sinkChunks = bundles[0]!.files
  .filter((f) => f.name.endsWith('-sink.js'))
  .map((f) => `${f.name.replace('-sink.js', '')} ${(f.bytes / 1000).toFixed(1)} KB`);
const memoryRun = spawnSync(
  process.execPath,
  ['--expose-gc', join(here, 'memory.js'), quick ? '5000' : '100000', quick ? '2000' : '20000'],
  { encoding: 'utf8' },
);
if (memoryRun.status !== 0) throw new Error(memoryRun.stderr);
const memory = JSON.parse(memoryRun.stdout) as { rssBeforeMb: number; rssAfterMb: number; peakRssMb: number; heapGrowthMb: number };
rows.push({
  group: 5,
  figure: `memory: RSS growth after GC (MB; heap ${memory.heapGrowthMb >= 0 ? '+' : ''}${memory.heapGrowthMb.toFixed(2)} MB, peak ${memory.peakRssMb.toFixed(0)} MB)`,
  ours: memory.rssAfterMb - memory.rssBeforeMb,
  reference: memory.rssBeforeMb,
  referenceLabel: 'RSS after warm-up (MB)',
  ratio: null,
  target: '≤ 20 MB',
  pass: memory.rssAfterMb - memory.rssBeforeMb <= 20,
});

say('6/6 fallback store: redrive, and a deferred answer against a live one …');
rows.push(...fallbackStoreRows(bundleDir('volcengine'), quick));

if (json) {
  const report: BenchReport = { node: process.version, cpus: cpus().length, quick, rows, notes, sinkChunks };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const GROUPS = ['', '1 sink overhead', '2 durable ingest', '3 pipeline', '4 cold start', '5 size, memory', '6 fallback store'];
  const fmt = (n: number | null) => (n === null ? '—' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const table = [
    ['', 'figure', 'ours', 'reference', 'ratio', 'target', ''],
    ...rows.map((r, i) => [
      rows[i - 1]?.group === r.group ? '' : (GROUPS[r.group] as string),
      r.figure,
      fmt(r.ours),
      r.reference === null ? '—' : `${fmt(r.reference)} ${r.referenceLabel}`,
      r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
      r.target,
      r.pass === null ? '' : r.pass ? 'PASS' : 'MISS',
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  say('');
  for (const row of table)
    say(
      row
        .map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    );
  say(`\nsink chunks (loaded only when configured): ${sinkChunks.join(', ')}`);
  for (const note of notes) say(`note: ${note}`);
}

/** The RabbitMQ to measure against: ALERTHOOK_BENCH_AMQP_URL, the tests' broker, or one on loopback; null when none answers. */
async function reachableRabbitMq(): Promise<string | null> {
  const url = process.env.ALERTHOOK_BENCH_AMQP_URL || process.env.ALERTHOOK_TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
  try {
    const connection = await amqp.connect(url, { timeout: 2000 });
    await connection.close();
    return url;
  } catch {
    return null;
  }
}
