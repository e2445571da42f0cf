import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report.js';

interface Measured {
  p50: number;
  p99: number;
  /** Median user + system CPU of the bench process during one call, µs. */
  cpuUs: number;
}

/**
 * Group 1 for one sink, measured by sink-overhead.js in a process of its own: a callback through
 * the built function against the bare acknowledged write (p50, p99: the targets), and, to tell our
 * CPU from the machine's noise, the CPU each spends per call and the bare write after the same
 * pipeline work (decode → validate → normalize → serialize), for information.
 */
export function sinkOverheadRows(sink: 's3' | 'amqp', bundleDir: string, quick: boolean, amqpUrl: string | null): BenchRow[] {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'sink-overhead.js');
  const run = spawnSync(process.execPath, [script, sink, bundleDir, quick ? '60' : '600', amqpUrl ?? ''], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`sink-overhead ${sink}: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { ours: Measured; bare: Measured; decoded: Measured };
  const library = sink === 's3' ? 'signed PUT, aws4fetch → s3rver' : 'publish + confirm, amqplib → RabbitMQ';
  const rows: BenchRow[] = (['p50', 'p99'] as const).map((p) => {
    const ours = result.ours[p];
    const bare = result.bare[p];
    return {
      group: 1,
      figure: `${sink} callback ${p} (ms)`,
      ours,
      reference: bare,
      referenceLabel: `bare ${library}`,
      ratio: ours / bare,
      target: '≤ 1.2× or +1 ms',
      pass: ours <= Math.max(bare * 1.2, bare + 1),
    };
  });
  rows.push(
    {
      group: 1,
      figure: `${sink} callback CPU (µs per call; the bare write after the same decode: ${result.decoded.cpuUs.toFixed(0)})`,
      ours: result.ours.cpuUs,
      reference: result.bare.cpuUs,
      referenceLabel: `bare ${library}, user + system CPU of the process`,
      ratio: result.ours.cpuUs / result.bare.cpuUs,
      target: 'information',
      pass: null,
    },
    {
      group: 1,
      figure: `${sink} callback p50 against the bare write after the same decode (ms)`,
      ours: result.ours.p50,
      reference: result.decoded.p50,
      referenceLabel: `bare ${library}, after decode → validate → normalize → serialize of its callback`,
      ratio: result.ours.p50 / result.decoded.p50,
      target: 'information',
      pass: null,
    },
  );
  return rows;
}
