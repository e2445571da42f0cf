import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex, digest128 } from '../../lib/event/digest.js';
import type { LogFields } from '../../lib/log.js';
import { createCallbackReceiver } from '../../lib/pipeline/receive-callback.js';
import { redriveDeferred } from '../../lib/redrive/redrive-deferred.js';
import { OPPORTUNISTIC_LIMIT, createRedriver } from '../../lib/redrive/redriver.js';
import { openFallbackStore, type FallbackStore } from '../../lib/sinks/fallback-store.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { OrderedSink } from '../helpers/ordered-sink.js';
import { NORMALIZE_SETTINGS, VENDORS, request, testConfig } from '../helpers/receiver.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';
import { monotonicMs } from '../../lib/time/monotonic.js';
import { packageRoot } from '../../lib/package-root.js';

const tempDir = useTempDir();

/** A receiver over `sink` with a file fallback and the redrive before live callbacks, as a function has. */
async function setUp() {
  const dir = tempDir();
  const store = await openFallbackStore(`file://${dir}`, {});
  const sink = new OrderedSink();
  const logs: LogFields[] = [];
  const redriver = createRedriver({
    store: async () => store,
    sink: async () => sink,
    vendors: VENDORS,
    settings: NORMALIZE_SETTINGS,
    vendor: 'tencent',
    by: 'test',
    log: (line) => logs.push(line),
  });
  const receive = createCallbackReceiver({
    vendor: VENDORS.tencent,
    config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: '1000' }),
    mode: 'function',
    sink: async () => sink,
    fallback: async () => store,
    drainDeferred: redriver.drain,
    log: () => {},
  });
  let n = 0;
  const send = async (body: string) => JSON.parse((await receive(request({ body, requestId: `r${n++}` }))).body).status as string;
  return { dir, store, sink, redriver, receive, send, logs };
}

/** Each alarm's firing, then the previous one's recovery (F0 F1 R0 F2 R1 …), so that order matters. */
function lifecycles(alerts: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < alerts; i++) {
    bodies.push(recentTencentAlarm(`policy-${i}`, 'firing'));
    if (i > 0) bodies.push(recentTencentAlarm(`policy-${i - 1}`, 'resolved'));
  }
  bodies.push(recentTencentAlarm(`policy-${alerts - 1}`, 'resolved'));
  return bodies;
}

/** What a live delivery of the same bodies to a healthy sink acknowledges. */
async function liveIds(bodies: readonly string[]): Promise<string[]> {
  const sink = new OrderedSink();
  const receive = createCallbackReceiver({
    vendor: VENDORS.tencent,
    config: testConfig(),
    mode: 'function',
    sink: async () => sink,
    log: () => {},
  });
  for (const body of bodies) await receive(request({ body }));
  return sink.acknowledged.map((a) => a.id);
}

const pending = (store: FallbackStore) => store.list('tencent');

describe('redrive', () => {
  it('delivers deferred letters in arrival order, with the ids a live delivery gives, and moves each only after', async () => {
    const { dir, store, sink, send } = await setUp();
    const bodies = lifecycles(12);
    sink.down = new Error('broker down');
    for (const body of bodies) expect(await send(body)).toBe('deferred');
    // A vendor retrying a deferred callback (it timed out on our 2xx) is a second letter of the same bytes.
    expect(await send(bodies[0] as string)).toBe('deferred');
    expect(await pending(store)).toHaveLength(bodies.length + 1);

    sink.down = null;
    const batches: string[][] = [];
    const recording = Object.assign(Object.create(sink) as OrderedSink, {
      writeEvents: (events: Parameters<OrderedSink['writeEvents']>[0], signal?: AbortSignal) => {
        batches.push(events.map((e) => e.event.data.fingerprint));
        return sink.writeEvents(events, signal);
      },
    });
    const summary = await redriveDeferred({ store, sink: recording, vendors: VENDORS, settings: NORMALIZE_SETTINGS, by: 'test' });
    // Batched, but never two notifications of one alert in a batch (whose order a sink may not keep).
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(bodies.length);
    for (const batch of batches) expect(new Set(batch).size).toBe(batch.length);
    expect(summary).toMatchObject({ found: bodies.length + 1, redriven: bodies.length + 1, remaining: 0, failed: null });
    const expected = await liveIds(bodies);
    // The retry's letter is moved with its first, not delivered again.
    expect(sink.acknowledged.map((a) => a.id)).toEqual(expected);
    expect(sink.recoveredBeforeFiring()).toEqual([]);
    expect(await pending(store)).toEqual([]);
    const moved = listFiles(dir).filter((f) => f.startsWith('replayed/deferred/tencent/') && f.endsWith('.json'));
    expect(moved).toHaveLength(bodies.length + 1);
    const meta = JSON.parse(readFileSync(join(dir, moved[0] as string), 'utf8'));
    expect(meta.replayed).toMatchObject({ by: 'test', to: 'ordered://test', eventIds: [expected[0]] });

    // Twice changes nothing.
    expect(await redriveDeferred({ store, sink, vendors: VENDORS, settings: NORMALIZE_SETTINGS, by: 'test' })).toMatchObject({ found: 0 });
  });

  it('stops at the first failure and moves nothing the sink did not acknowledge', async () => {
    const { store, sink, send } = await setUp();
    const bodies = lifecycles(6);
    sink.down = new Error('down');
    for (const body of bodies) await send(body);
    sink.down = null;
    let writes = 0;
    const flaky = {
      ...sink,
      description: sink.description,
      writeEvents: async (...args: Parameters<OrderedSink['writeEvents']>) => {
        if (++writes > 4) throw new Error('down again');
        return sink.writeEvents(...args);
      },
      writeDeadLetter: sink.writeDeadLetter.bind(sink),
      writeHeartbeat: sink.writeHeartbeat.bind(sink),
      close: async () => {},
    };
    // One letter per write and no second try, so the fourth write is the fourth letter.
    const summary = await redriveDeferred({
      store,
      sink: flaky,
      vendors: VENDORS,
      settings: NORMALIZE_SETTINGS,
      by: 'test',
      batchSize: 1,
      attemptsPerLetter: 1,
    });
    expect(summary).toMatchObject({ redriven: 4, remaining: bodies.length - 4, failed: 'down again' });
    expect(sink.acknowledged).toHaveLength(4);
    expect(await pending(store)).toHaveLength(bodies.length - 4); // the acknowledged four moved, the rest wait
    await redriveDeferred({ store, sink, vendors: VENDORS, settings: NORMALIZE_SETTINGS, by: 'test' });
    expect(sink.acknowledged.map((a) => a.id)).toEqual(await liveIds(bodies));
  });

  it('a live callback delivers the backlog first, and queues behind it while more than its share is left', async () => {
    const { store, sink, send } = await setUp();
    const bodies = lifecycles(Math.ceil((OPPORTUNISTIC_LIMIT + 4) / 2)); // more letters than one callback redrives
    const [last, ...rest] = [bodies.at(-1) as string, ...bodies.slice(0, -1)];
    sink.down = new Error('down');
    for (const body of rest) expect(await send(body)).toBe('deferred');
    sink.down = null;
    // More letters wait than one callback redrives: it redrives its share and is deferred behind the rest.
    expect(await send(last)).toBe('deferred');
    expect(sink.acknowledged).toHaveLength(OPPORTUNISTIC_LIMIT);
    // The next one drains what is left (the earlier live one included) and goes straight to the sink.
    const again = recentTencentAlarm('policy-late', 'firing');
    expect(await send(again)).toBe('accepted');
    expect(await pending(store)).toEqual([]);
    expect(sink.acknowledged.map((a) => a.id)).toEqual(await liveIds([...rest, last, again]));
    expect(sink.recoveredBeforeFiring()).toEqual([]);
  });

  it('a letter kept from a source path (/prometheus) is decoded for that source, to the ids its live delivery gives', async () => {
    const { store, sink, receive } = await setUp();
    const body = readFileSync(join(packageRoot(), 'lib/vendors/tencent/prometheus/samples/notification.json'), 'utf8');
    const live = new OrderedSink();
    const liveReceive = createCallbackReceiver({
      vendor: VENDORS.tencent,
      config: testConfig(),
      mode: 'function',
      sink: async () => live,
      log: () => {},
    });
    await liveReceive(request({ body, path: '/prometheus' }));
    expect(live.acknowledged.length).toBeGreaterThan(0);
    sink.down = new Error('down');
    expect(JSON.parse((await receive(request({ body, path: '/prometheus' }))).body).status).toBe('deferred');
    sink.down = null;
    await redriveDeferred({ store, sink, vendors: VENDORS, settings: NORMALIZE_SETTINGS, by: 'test' });
    expect(sink.acknowledged.map((a) => a.id)).toEqual(live.acknowledged.map((a) => a.id));
  });

  it('a deferred bad body becomes the dead letter its live delivery would have made', async () => {
    const { store, sink, send } = await setUp();
    sink.down = new Error('down');
    expect(await send('{"not":"an alarm"}')).toBe('deferred');
    sink.down = null;
    const summary = await redriveDeferred({ store, sink, vendors: VENDORS, settings: NORMALIZE_SETTINGS, by: 'test' });
    expect(summary).toMatchObject({ redriven: 1, deadLettered: 1 });
    expect(sink.deadLetters.map((l) => l.id)).toEqual([
      digest128(['tencent', 'dead-letter', sha256Hex(Buffer.from('{"not":"an alarm"}'))]),
    ]);
  });

  it('one redrive at a time in a process: the schedule and a callback take turns', async () => {
    const { sink, send, redriver } = await setUp();
    const bodies = lifecycles(8);
    sink.down = new Error('down');
    for (const body of bodies) await send(body);
    sink.down = null;
    const runs = await Promise.all([
      redriver.run({ trigger: 'timer' }),
      redriver.run({ trigger: 'timer' }),
      redriver.drain(monotonicMs() + 1000),
    ]);
    expect(runs[0]).toMatchObject({ redriven: bodies.length });
    expect(runs[1]).toMatchObject({ found: 0 });
    expect(runs[2]).toBe(true);
    expect(sink.duplicates()).toEqual([]);
    expect(sink.recoveredBeforeFiring()).toEqual([]);
  });
});
