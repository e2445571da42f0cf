import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmqpSink } from '../../lib/sinks/amqp/sink.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { createRocketMqSink } from '../../lib/sinks/rocketmq/sink.js';
import { createS3Sink } from '../../lib/sinks/s3/sink.js';
import type { EncodedEvent, Sink } from '../../lib/pipeline/delivery.js';
import { tailBucket } from '../../lib/sinks/s3/tail.js';
import { tailSink } from '../../lib/sinks/tail-sink.js';
import { amqpTestUrl } from '../helpers/broker.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { request, testReceiver } from '../helpers/receiver.js';
import { startRocketMqStandIn } from '../helpers/rocketmq-stand-in.js';
import { S3_KEYS, startS3Server, verifyingLoopbackFetch } from '../helpers/s3.js';
import { volcengineSeeds } from '../helpers/seeds.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function encodedEvents(): Promise<EncodedEvent[]> {
  const sink = new MemorySink();
  const { receive } = testReceiver('volcengine', sink);
  for (const body of Object.values(volcengineSeeds())) await receive(request({ body }));
  return [...sink.events.values()];
}

/** Starts a tail, writes events through the sink once the tail is listening, and returns what the tail printed. */
async function tailWhileWriting(
  start: (onEvent: (json: string) => void, signal: AbortSignal) => Promise<void>,
  sink: Sink,
  events: EncodedEvent[],
  settleMs = 300,
) {
  const seen: string[] = [];
  const controller = new AbortController();
  const running = start((json) => seen.push(json), controller.signal);
  await new Promise((r) => setTimeout(r, settleMs));
  for (const event of events) await sink.writeEvents([event]);
  const deadline = Date.now() + 5000;
  while (seen.length < events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  controller.abort();
  await running;
  return seen.map((json) => JSON.parse(json).id as string);
}

describe('alerthook tail', () => {
  it('file://: prints new events, not the ones already there unless --from-start', async () => {
    const dir = tempDir();
    const sink = createFileSink(`file://${dir}`);
    const [old, ...fresh] = await encodedEvents();
    await sink.writeEvents([old!]);
    const ids = await tailWhileWriting(
      (onEvent, signal) => tailSink(`file://${dir}`, onEvent, { fromStart: false, signal, env: {}, pollMs: 50 }),
      sink,
      fresh,
    );
    expect(ids.sort()).toEqual(fresh.map((e) => e.event.id).sort());
    const all = await tailWhileWriting(
      (onEvent, signal) => tailSink(`file://${dir}`, onEvent, { fromStart: true, signal, env: {}, pollMs: 50 }),
      sink,
      [],
    );
    expect(all).toHaveLength(4);
  });

  it('s3://: lists and reads new objects from a real S3-compatible server', async () => {
    const s3 = await startS3Server(['tailed']);
    cleanups.push(() => s3.close());
    const loopbackFetch = verifyingLoopbackFetch('S3RVER', []);
    const url = `s3://tailed/p?endpoint=${s3.endpoint}&region=r`;
    const sink = createS3Sink(url, S3_KEYS, { fetch: loopbackFetch });
    const events = await encodedEvents();
    const ids = await tailWhileWriting(
      (onEvent, signal) => tailBucket(url, onEvent, { fromStart: false, signal, env: S3_KEYS, pollMs: 100, fetch: loopbackFetch }),
      sink,
      events,
    );
    expect(ids.sort()).toEqual(events.map((e) => e.event.id).sort());
  });

  it('rocketmq+http://: reads with its own group from the access point stand-in', async () => {
    const keys = { ALERTHOOK_ROCKETMQ_ACCESS_KEY: 'AK', ALERTHOOK_ROCKETMQ_SECRET_KEY: 'SK' };
    const mq = await startRocketMqStandIn({ accessKey: 'AK', secretKey: 'SK', instanceId: 'i' });
    cleanups.push(() => mq.close());
    const url = `rocketmq+http://${mq.endpoint}/alerts?instance=i&group=alerthook-tail`;
    const sink = await createRocketMqSink(url, keys);
    cleanups.push(() => sink.close());
    const events = await encodedEvents();
    const ids = await tailWhileWriting(
      (onEvent, signal) => tailSink(url, onEvent, { fromStart: false, signal, env: keys }),
      sink,
      events,
      500,
    );
    expect(ids).toEqual(events.map((e) => e.event.id));
    await expect(
      tailSink(`rocketmq+http://${mq.endpoint}/alerts?instance=i`, () => {}, { fromStart: false, signal: AbortSignal.abort(), env: keys }),
    ).rejects.toThrow(/needs \?group=/);
  });

  const brokerUrl = amqpTestUrl();
  it.skipIf(brokerUrl === undefined)('amqp://: binds a private queue, so the real queue still gets every message', async () => {
    const exchange = `alerthook-tail-${randomUUID()}`;
    const admin = await amqp.connect(brokerUrl as string);
    const channel = await admin.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: false });
    const real = `${exchange}-real`;
    await channel.assertQueue(real, { durable: false });
    await channel.bindQueue(real, exchange, 'alert.#');
    cleanups.push(async () => {
      await channel.deleteQueue(real);
      await channel.deleteExchange(exchange);
      await admin.close();
    });
    const url = `${brokerUrl}?exchange=${exchange}`;
    const sink = await createAmqpSink(url, {});
    cleanups.push(() => sink.close());
    const events = await encodedEvents();
    const ids = await tailWhileWriting((onEvent, signal) => tailSink(url, onEvent, { fromStart: false, signal, env: {} }), sink, events);
    expect(ids).toEqual(events.map((e) => e.event.id));
    expect((await channel.checkQueue(real)).messageCount).toBe(events.length);
  });

  it('the CLI prints one JSON line per event and stops after --max', async () => {
    const dir = tempDir();
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    const child = spawn(process.execPath, [resolve(repo, 'bin/alerthook.js'), 'tail', '--max', '2', `file://${dir}`], { env: process.env });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    // Written once it reads (what is there before is not new): its ready line, not a guessed delay,
    // which a loaded machine outlasted.
    await new Promise<void>((ready) => {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('tailing ')) ready();
      });
    });
    const events = await encodedEvents();
    await createFileSink(`file://${dir}`).writeEvents(events.slice(0, 3));
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line).specversion).toBe('1.0');
  });
});
