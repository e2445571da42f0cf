import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { startLocalServer } from '../../lib/server/local-server.js';
import { openFallbackStore, type FallbackStore } from '../../lib/sinks/fallback-store.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { distinctCallbacks } from '../helpers/callback-bodies.js';
import { FaultySink } from '../helpers/faulty-sink.js';
import { NORMALIZE_SETTINGS, TEST_TOKEN, VENDORS, basicAuth, testConfig } from '../helpers/receiver.js';
import { listFiles } from '../helpers/temp-dir.js';

// The sink's directory is on tmpfs where the machine has one. This test is about answers and
// retries while writes fail and stall, not about the disk (crash-safety.test.ts is): on a disk its
// 10,000 fsynced files, and removing them afterwards, were most of its time.
const SCRATCH = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(SCRATCH, 'alerthook-sink-faults-'));
  made.push(dir);
  return dir;
}
const CALLBACKS = Number(process.env.ALERTHOOK_STRESS_CALLBACKS ?? 5000);
const BUDGET_MS = 100;
const CLIENT_TIMEOUT_MS = 400; // the vendor's own timeout, longer than the budget as in production (5 s / 8 s vs 4 s)
const CONCURRENCY = 25;

const FALLBACK_CALLBACKS = Math.min(CALLBACKS, 500);

type Attempt = { status: number | 'timeout' | 'error'; ids: string[]; outcome?: string | undefined };

function post(url: string, body: string): Promise<Attempt> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { authorization: basicAuth(TEST_TOKEN), 'content-type': 'application/json' }, timeout: CLIENT_TIMEOUT_MS },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ids: res.statusCode === 200 ? ((JSON.parse(text).ids as string[] | undefined) ?? []) : [],
            outcome: res.statusCode === 200 ? String(JSON.parse(text).status) : undefined,
          }),
        );
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 'timeout', ids: [] });
    });
    req.on('error', () => resolve({ status: 'error', ids: [] }));
    req.end(body);
  });
}

/** The vendor-like driver: each callback tried up to 4 times (on a non-2xx answer or a timeout). */
async function drive(url: string, count: number) {
  const callbacks = [...distinctCallbacks(count)];
  const accepted: { ids: string[]; expected: number }[] = [];
  const deferred: number[] = [];
  const neverAccepted: number[] = [];
  let attempts = 0;
  let retries = 0;
  let timeouts = 0;
  let next = 0;
  const worker = async () => {
    while (next < callbacks.length) {
      const index = next++;
      const callback = callbacks[index]!;
      let done = false;
      for (let attempt = 0; attempt < 4 && !done; attempt++) {
        if (attempt > 0) retries++;
        attempts++;
        const result = await post(`${url}/${callback.vendor}`, callback.body);
        if (result.status === 'timeout') timeouts++;
        if (result.status === 200) {
          if (result.outcome === 'deferred') deferred.push(index);
          else accepted.push({ ids: result.ids, expected: callback.expectedEvents });
          done = true;
        }
      }
      if (!done) neverAccepted.push(index);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { callbacks, accepted, deferred, neverAccepted, attempts, retries, timeouts };
}

/** Each stored event id and how many files hold it. */
function storedIds(dir: string): Map<string, number> {
  const stored = new Map<string, number>();
  for (const file of listFiles(dir).filter((f) => f.startsWith('events/') && f.endsWith('.json'))) {
    const id = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')).id as string;
    stored.set(id, (stored.get(id) ?? 0) + 1);
  }
  return stored;
}

describe('sink faults with vendor-style retries', () => {
  it(`${CALLBACKS} callbacks, ~20% of writes failing and ~5% stalling past the budget: nothing accepted is lost`, async () => {
    const dir = tempDir();
    const sink = new FaultySink(createFileSink(`file://${dir}`), { failRate: 0.2, stallRate: 0.05, stallMs: BUDGET_MS * 1.5, seed: 42 });
    const server = await startLocalServer({
      config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: String(BUDGET_MS) }),
      sink,
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
    let run: Awaited<ReturnType<typeof drive>>;
    try {
      run = await drive(server.url, CALLBACKS);
      await new Promise((resolve) => setTimeout(resolve, BUDGET_MS * 3)); // let stalled writes land
    } finally {
      await server.close();
    }
    const { accepted, neverAccepted, deferred } = run;

    const stored = storedIds(dir);
    const acceptedIds = accepted.flatMap((a) => a.ids);
    const lost = acceptedIds.filter((id) => !stored.has(id));
    const figures = {
      callbacks: CALLBACKS,
      attempts: run.attempts,
      retries: run.retries,
      timeouts: run.timeouts,
      faultsInjected: sink.failed + sink.stalled,
      failedWrites: sink.failed,
      stalledWrites: sink.stalled,
      accepted: accepted.length,
      neverAccepted: neverAccepted.length,
      eventsAccepted: acceptedIds.length,
      eventsStored: stored.size,
      eventsLost: lost.length,
    };
    console.log(`sink-faults: ${JSON.stringify(figures)}`);

    expect(deferred).toEqual([]); // no fallback: today's behaviour
    expect(lost).toEqual([]); // every 2xx callback has all its events in the sink
    for (const a of accepted) expect(a.ids).toHaveLength(a.expected); // and the answer named all of them
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length); // one id per event, across retries too
    expect([...stored.values()].every((n) => n === 1)).toBe(true); // one file per id: retries rewrite
    expect(accepted.length + neverAccepted.length).toBe(CALLBACKS); // every callback is accounted for
    expect(sink.failed).toBeGreaterThan(CALLBACKS * 0.1); // the faults really were injected
    expect(sink.stalled).toBeGreaterThan(0);
  }, 240_000);

  it(`with a fallback store, ${FALLBACK_CALLBACKS} callbacks under the same faults: none never accepted, none lost`, async () => {
    const dir = tempDir();
    const faults = { failRate: 0.2, stallRate: 0.05, stallMs: BUDGET_MS * 1.5, seed: 42 };
    const sink = new FaultySink(createFileSink(`file://${dir}`), faults);
    const fallback: FallbackStore = await openFallbackStore(`file://${tempDir()}`, {});
    const server = await startLocalServer({
      config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: String(BUDGET_MS), ALERTHOOK_REDRIVE_INTERVAL_MS: '50' }),
      sink,
      fallback,
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
    let run: Awaited<ReturnType<typeof drive>>;
    let drainMs = 0;
    try {
      run = await drive(server.url, FALLBACK_CALLBACKS);
      // The faults go on while the schedule redrives: it retries until the backlog is gone.
      const started = Date.now();
      while ((await fallback.list()).length > 0 && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 50));
      drainMs = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, BUDGET_MS * 3)); // let stalled writes land
    } finally {
      await server.close();
    }
    const { callbacks, accepted, deferred, neverAccepted } = run;
    // Every event of every callback answered 2xx, accepted or deferred, is in the sink once.
    const answered = [...accepted.map((a) => a.ids), ...deferred.map((index) => idsOf(callbacks[index]!))].flat();
    const stored = storedIds(dir);
    const lost = answered.filter((id) => !stored.has(id));
    console.log(
      `sink-faults with fallback: ${JSON.stringify({ callbacks: FALLBACK_CALLBACKS, attempts: run.attempts, accepted: accepted.length, deferred: deferred.length, neverAccepted: neverAccepted.length, eventsLost: lost.length, faultsInjected: sink.failed + sink.stalled, backlogDrainedInMs: drainMs })}`,
    );
    expect(neverAccepted).toEqual([]);
    expect(deferred.length).toBeGreaterThan(FALLBACK_CALLBACKS * 0.05); // the fallback really was used
    expect(lost).toEqual([]);
    expect(await fallback.list()).toEqual([]);
    expect([...stored.values()].every((n) => n === 1)).toBe(true); // one file per id
  }, 240_000);
});

function idsOf(callback: { vendor: 'tencent' | 'volcengine'; body: string }): string[] {
  const decoded = decodeCallback(VENDORS[callback.vendor], Buffer.from(callback.body), {}, NORMALIZE_SETTINGS);
  if (decoded.outcome !== 'events') throw new Error('the driver sends only valid callbacks');
  return decoded.events.map((e) => e.event.id);
}
