import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusBody } from './corpus.js';
import { median } from './measure.js';

/**
 * Figure 4: a fresh `node` that requires one built function bundle and answers one callback with
 * the file sink, against a fresh `node` that does nothing. Runs alternate; medians of `runs` each.
 */
export function benchColdStart(bundleDir: string, exportName: string, event: unknown, runs: number): { functionMs: number; emptyMs: number } {
  // A memory-backed directory, so that the figure is the code's and not the disk's.
  const dir = mkdtempSync(join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'alerthook-bench-cold-'));
  const env = { PATH: process.env.PATH ?? '', ALERTHOOK_TOKEN: 'bench', ALERTHOOK_SINK: `file://${dir}`, EVENT: JSON.stringify(event) };
  const script = `require(${JSON.stringify(join(bundleDir, 'index.js'))}).${exportName}(JSON.parse(process.env.EVENT), {}).then((a) => { if (a.statusCode !== 200) process.exit(1) })`;
  const fn: number[] = [];
  const empty: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const a = time(() => spawnSync(process.execPath, ['-e', script], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
      const b = time(() => spawnSync(process.execPath, ['-e', ''], { env, stdio: 'ignore' }));
      if (i > 0) {
        fn.push(a);
        empty.push(b); // the first pair warms the disk cache
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { functionMs: median(fn), emptyMs: median(empty) };
}

function time(run: () => { status: number | null }): number {
  const start = process.hrtime.bigint();
  const result = run();
  if (result.status !== 0) throw new Error('cold start run failed');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function functionUrlEvent(body: CorpusBody) {
  return { httpMethod: 'POST', path: '/', headers: { token: 'bench' }, queryString: {}, body: body.bytes.toString('utf8') };
}

export function gatewayEvent(body: CorpusBody) {
  return { httpMethod: 'POST', path: '/', pathParameters: {}, queryStringParameters: {}, headers: { token: 'bench' }, body: body.bytes.toString('utf8') };
}
