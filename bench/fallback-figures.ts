import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report.js';

interface FallbackResult {
  answers: { deferred: { p50: number; p99: number }; live: { p50: number; p99: number }; samples: number };
  redrive: { dir: string; letters: number; events: number; ours: number; floor: number; oursEvents: number; floorEvents: number }[];
}

/**
 * Group 6, the fallback store (ALERTHOOK_FALLBACK), measured by fallback-store.js in a process of
 * its own: a redrive's letters per second against the floor doing the same durable work, and a
 * deferred callback's answer against a live one's.
 */
export function fallbackStoreRows(bundleDir: string, quick: boolean): BenchRow[] {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'fallback-store.js');
  // Many short rounds rather than a few long ones: the load on a shared machine changes by the second.
  const args = quick ? ['20', '40', '1'] : ['400', '400', '7'];
  const run = spawnSync(process.execPath, [script, bundleDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`fallback-store: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as FallbackResult;
  const rows: BenchRow[] = result.redrive.map((r) => ({
    group: 6,
    figure: `redrive from a file fallback in ${r.dir} into the file sink (letters/s; ${r.letters} letters → ${r.events} events, ${r.oursEvents.toFixed(0)} vs ${r.floorEvents.toFixed(0)} events/s)`,
    ours: r.ours,
    reference: r.floor,
    referenceLabel: 'reading the same letters, the same fsynced writes and renames of the same bytes',
    ratio: r.ours / r.floor,
    // A redrive is the live pipeline again plus a durable write per letter: held to the durable-ingest target.
    target: '≥ 60% of floor',
    pass: r.ours / r.floor >= 0.6,
  }));
  for (const p of ['p50', 'p99'] as const) {
    const { deferred, live } = result.answers;
    rows.push({
      group: 6,
      figure: `deferred answer ${p} (ms)`,
      ours: deferred[p],
      reference: live[p],
      referenceLabel: `live answer, file sink (${result.answers.samples} of each, alternating)`,
      ratio: deferred[p] / live[p],
      // A deferred letter is two fsynced files (body, meta) where a live event is one, plus a failed sink open.
      target: '≤ 2× live',
      pass: deferred[p] <= 2 * live[p],
    });
  }
  return rows;
}
