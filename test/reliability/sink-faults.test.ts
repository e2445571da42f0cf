import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../lib/server/local-server.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { distinctCallbacks } from '../helpers/callback-bodies.js';
import { FaultySink } from '../helpers/faulty-sink.js';
import { TEST_TOKEN, basicAuth, testConfig } from '../helpers/receiver.js';
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

type Attempt = { status: number | 'timeout' | 'error'; ids: string[] };

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
          resolve({ status: res.statusCode ?? 0, ids: res.statusCode === 200 ? (JSON.parse(text).ids as string[]) : [] }),
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
    const callbacks = [...distinctCallbacks(CALLBACKS)];
    const accepted: { ids: string[]; expected: number }[] = [];
    const neverAccepted: number[] = [];
    let attempts = 0;
    let retries = 0;
    let timeouts = 0;
    try {
      let next = 0;
      // Like the vendors: on a non-2xx answer or a timeout, try again, at most 3 more times.
      const worker = async () => {
        while (next < callbacks.length) {
          const index = next++;
          const callback = callbacks[index]!;
          let done = false;
          for (let attempt = 0; attempt < 4 && !done; attempt++) {
            if (attempt > 0) retries++;
            attempts++;
            const result = await post(`${server.url}/${callback.vendor}`, callback.body);
            if (result.status === 'timeout') timeouts++;
            if (result.status === 200) {
              accepted.push({ ids: result.ids, expected: callback.expectedEvents });
              done = true;
            }
          }
          if (!done) neverAccepted.push(index);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await new Promise((resolve) => setTimeout(resolve, BUDGET_MS * 3)); // let stalled writes land
    } finally {
      await server.close();
    }

    const stored = new Map<string, number>();
    for (const file of listFiles(dir).filter((f) => f.startsWith('events/') && f.endsWith('.json'))) {
      const id = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')).id as string;
      stored.set(id, (stored.get(id) ?? 0) + 1);
    }
    const acceptedIds = accepted.flatMap((a) => a.ids);
    const lost = acceptedIds.filter((id) => !stored.has(id));
    const figures = {
      callbacks: CALLBACKS,
      attempts,
      retries,
      timeouts,
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

    expect(lost).toEqual([]); // every 2xx callback has all its events in the sink
    for (const a of accepted) expect(a.ids).toHaveLength(a.expected); // and the answer named all of them
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length); // one id per event, across retries too
    expect([...stored.values()].every((n) => n === 1)).toBe(true); // one file per id: retries rewrite
    expect(accepted.length + neverAccepted.length).toBe(CALLBACKS); // every callback is accounted for
    expect(sink.failed).toBeGreaterThan(CALLBACKS * 0.1); // the faults really were injected
    expect(sink.stalled).toBeGreaterThan(0);
  }, 240_000);
});
