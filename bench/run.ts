import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunctions } from '../deploy/bundle-functions.js';
import { benchColdStart, functionUrlEvent, gatewayEvent } from './cold-start.js';
import { loadCorpus } from './corpus.js';
import { benchHttpIngest } from './http-ingest.js';
import { benchPipeline } from './pipeline.js';
import { loadVendors } from '../lib/vendors/registry.js';

/**
 * `npm run bench` (`-- --json` for one machine-readable line). Every figure is measured beside its
 * reference in the same run and reported as a ratio to it, because absolute times do not carry from
 * one machine to the next. A MISS is reported, never an exit code: these machines are noisy.
 */

interface Row {
  figure: string;
  ours: number;
  /** What `ours` is measured against, and what that is. */
  reference: number | null;
  referenceLabel: string;
  /** ours / reference, where that quotient is the figure the target is about. */
  ratio: number | null;
  unit: string;
  target: string;
  pass: boolean;
}

const json = process.argv.includes('--json');
/** `--quick`: every figure, measured briefly. For checking that the bench runs, not for its numbers. */
const quick = process.argv.includes('--quick');
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const rows: Row[] = [];
const corpus = loadCorpus();

say(`alerthook bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);

say('1/5 pipeline vs JSON floor …');
const pipeline = benchPipeline(await loadVendors(), corpus, quick);
rows.push({
  figure: `pipeline, ${corpus.length} bodies → ${pipeline.events} events (µs/pass)`,
  ours: pipeline.pipelineNs / 1000,
  reference: pipeline.floorNs / 1000,
  referenceLabel: 'JSON.parse + JSON.stringify',
  ratio: pipeline.pipelineNs / pipeline.floorNs,
  unit: '×',
  target: '≤ 3× floor',
  pass: pipeline.pipelineNs / pipeline.floorNs <= 3,
});

say('2/5 bundles …');
const bundles = await bundleFunctions();
for (const report of bundles) {
  const index = report.files.find((f) => f.name === 'index.js')!;
  rows.push({ figure: `bundle ${report.function}/index.js (KB)`, ours: index.bytes / 1000, reference: null, referenceLabel: '', ratio: null, unit: 'KB', target: '≤ 250 KB', pass: index.bytes <= 250_000 });
}
const sinkChunks = bundles[0]!.files.filter((f) => f.name.endsWith('-sink.js')).map((f) => `${f.name} ${(f.bytes / 1000).toFixed(1)} KB`);

say('3/5 cold start (fresh node processes) …');
const tencentBody = corpus.find((b) => b.name === 'tencent metric')!;
const volcengineBody = corpus.find((b) => b.name === 'Metric')!;
for (const [fn, exportName, event] of [
  ['tencent', 'main_handler', functionUrlEvent(tencentBody)],
  ['volcengine', 'handler', gatewayEvent(volcengineBody)],
] as const) {
  const { functionMs, emptyMs } = benchColdStart(join(bundles[0]!.dir, '..', fn), exportName, event, quick ? 2 : 15);
  // The target is on the time added to an empty node, so there is no ratio to show.
  rows.push({ figure: `cold start ${fn}, load + 1 callback (ms added)`, ours: functionMs - emptyMs, reference: emptyMs, referenceLabel: 'empty node (ms)', ratio: null, unit: 'ms', target: '≤ 25 ms added', pass: functionMs - emptyMs <= 25 });
}

say('4/5 HTTP ingest (autocannon, 10 connections, 5 s each) …');
const ingest = await benchHttpIngest(volcengineBody, quick ? 1 : 5);
if (ingest.alerthook.non2xx > 0 || ingest.alerthook.errors > 0) say(`   ! alerthook answered ${ingest.alerthook.non2xx} non-2xx and had ${ingest.alerthook.errors} errors`);
rows.push({
  figure: `HTTP ingest, file sink (req/s; p99 ${ingest.alerthook.p99Ms} ms vs ${ingest.bare.p99Ms} ms)`,
  ours: ingest.alerthook.rps,
  reference: ingest.bare.rps,
  referenceLabel: 'bare node:http',
  ratio: ingest.alerthook.rps / ingest.bare.rps,
  unit: 'req/s',
  target: '≥ 50% of bare',
  pass: ingest.alerthook.rps / ingest.bare.rps >= 0.5 && ingest.alerthook.non2xx === 0,
});

say('5/5 memory, 100,000 callbacks …');
const memoryRun = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./memory.js', import.meta.url)), quick ? '5000' : '100000'], { encoding: 'utf8' });
if (memoryRun.status !== 0) throw new Error(memoryRun.stderr);
const memory = JSON.parse(memoryRun.stdout) as { rssBeforeMb: number; rssAfterMb: number; peakRssMb: number; heapGrowthMb: number };
rows.push({
  figure: `memory, RSS growth after GC (MB; heap ${memory.heapGrowthMb >= 0 ? '+' : ''}${memory.heapGrowthMb.toFixed(1)} MB, peak ${memory.peakRssMb.toFixed(0)} MB)`,
  ours: memory.rssAfterMb - memory.rssBeforeMb,
  reference: memory.rssBeforeMb,
  referenceLabel: 'RSS before (MB)',
  ratio: null,
  unit: 'MB',
  target: '≤ 20 MB',
  pass: memory.rssAfterMb - memory.rssBeforeMb <= 20,
});

if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: cpus().length, rows, sinkChunks })}\n`);
} else {
  const fmt = (n: number | null) => (n === null ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
  const table = [
    ['figure', 'ours', 'reference', 'ratio', 'target', ''],
    ...rows.map((r) => [r.figure, fmt(r.ours), r.reference === null ? '—' : `${fmt(r.reference)} ${r.referenceLabel}`, r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, r.target, r.pass ? 'PASS' : 'MISS']),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  say('');
  for (const row of table) say(row.map((cell, c) => (c === 0 || c === 2 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  say(`\nsink chunks (loaded only when configured): ${sinkChunks.join(', ')}`);
}
