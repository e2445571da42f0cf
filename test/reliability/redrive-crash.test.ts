import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot as repoRoot } from '../../lib/package-root.js';
import { createCallbackReceiver } from '../../lib/pipeline/receive-callback.js';
import { redriveDeferred } from '../../lib/redrive/redrive-deferred.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { OrderedSink } from '../helpers/ordered-sink.js';
import { expectedIds } from '../helpers/outage-driver.js';
import { NORMALIZE_SETTINGS, VENDORS, request, testConfig } from '../helpers/receiver.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const KILLS = Number(process.env.ALERTHOOK_CRASH_KILLS ?? 25);
const built = (path: string) => JSON.stringify(pathToFileURL(join(repoRoot(import.meta.url), 'dist', path)).href);

/**
 * A child process redrives a file fallback store into a file sink (the built code), in small
 * batches, round after round; the test SIGKILLs it at a random moment. Whatever that moment: every
 * letter is still somewhere (under deferred/ or replayed/deferred/), and every letter marked
 * redriven has all its events in the sink (it was moved only after the sink acknowledged them).
 */
const REDRIVER = `
  const { redriveDeferred } = await import(${built('lib/redrive/redrive-deferred.js')});
  const { openFallbackStore } = await import(${built('lib/sinks/fallback-store.js')});
  const { createFileSink } = await import(${built('lib/sinks/file/sink.js')});
  const { tencent } = await import(${built('lib/vendors/tencent/provider.js')});
  const store = await openFallbackStore('file://' + process.env.FALLBACK, {});
  const sink = createFileSink('file://' + process.env.SINK);
  const settings = ${JSON.stringify(NORMALIZE_SETTINGS)};
  process.stdout.write('ready\\n');
  for (;;) {
    const summary = await redriveDeferred({ store, sink, vendors: { tencent }, settings, by: 'crash test', batchSize: 3 });
    if (summary.found === 0) break;
  }
`;

describe('crash safety of redrive', () => {
  it(`${KILLS} SIGKILLs during a redrive: no letter lost, none moved whose events the sink had not acknowledged`, async () => {
    const fallbackDir = tempDir();
    const sinkDir = tempDir();
    const fallback = await openFallbackStore(`file://${fallbackDir}`, {});
    // The letters, as a live receiver keeps them while its sink is down.
    const down = new OrderedSink();
    down.down = new Error('down');
    const receive = createCallbackReceiver({
      vendor: VENDORS.tencent,
      config: testConfig(),
      mode: 'function',
      sink: async () => down,
      fallback: async () => fallback,
      log: () => {},
    });
    const bodies = Array.from({ length: 150 }, (_, i) => [
      recentTencentAlarm(`crash-${i}`, 'firing'),
      recentTencentAlarm(`crash-${i}`, 'resolved'),
    ]).flat();
    for (const body of bodies) await receive(request({ body }));
    const letters = (await fallback.list()).map((l) => l.id);
    expect(letters).toHaveLength(bodies.length);

    const sinkIds = () =>
      new Set(
        listFiles(sinkDir)
          .filter((f) => f.startsWith('events/') && f.endsWith('.json'))
          .map((f) => f.slice(-37, -5)),
      );
    const where = (id: string, under: string) => existsSync(join(fallbackDir, under, 'tencent', `${id}.body`));
    let midRun = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const before = (await fallback.list()).length;
      const child = spawn(process.execPath, ['--input-type=module', '-e', REDRIVER], {
        env: { ...process.env, FALLBACK: fallbackDir, SINK: sinkDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      await closed;
      const after = (await fallback.list()).length;
      if (after < before && after > 0) midRun++;
      // Nothing lost: each letter is waiting or redriven (or, between the two steps of a move, both).
      expect(
        letters.filter((id) => !where(id, 'deferred') && !where(id, 'replayed/deferred')),
        `kill ${kill}`,
      ).toEqual([]);
      // Nothing moved unacknowledged: a redriven letter's events are all in the sink.
      const stored = sinkIds();
      const movedWithout = listFiles(join(fallbackDir, 'replayed/deferred'))
        .filter((f) => f.endsWith('.json'))
        .filter((f) =>
          (JSON.parse(readFileSync(join(fallbackDir, 'replayed/deferred', f), 'utf8')).replayed.eventIds as string[]).some(
            (id) => !stored.has(id),
          ),
        );
      expect(movedWithout, `kill ${kill}`).toEqual([]);
    }
    // Then a redrive to the end: every event of every letter arrives.
    await redriveDeferred({
      store: fallback,
      sink: createFileSink(`file://${sinkDir}`),
      vendors: VENDORS,
      settings: NORMALIZE_SETTINGS,
      by: 'test',
    });
    const stored = sinkIds();
    const missing = expectedIds(bodies).filter((id) => !stored.has(id));
    console.log(
      `redrive-crash: ${JSON.stringify({ kills: KILLS, killsMidRun: midRun, letters: letters.length, missing: missing.length })}`,
    );
    expect(missing).toEqual([]);
    expect(await fallback.list()).toEqual([]);
    expect(midRun).toBeGreaterThan(0); // the kills did land in the middle of runs
  }, 120_000);
});
