import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../lib/server/local-server.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { retryingOpener } from '../../lib/redrive/retrying-opener.js';
import { driveThroughOutage, expectedIds, orderProblems, retryWindowMs, startTcpProxy } from '../helpers/outage-driver.js';
import { testConfig } from '../helpers/receiver.js';
import { useScratchDir } from '../helpers/scratch-dir.js';

// A real RabbitMQ outage. The broker is shared with other tests, so it is not stopped: the sink
// reaches it through a loopback TCP proxy, and "the broker is down" is the proxy dropping every
// connection and refusing new ones, for longer than the vendors' (scaled-down) retries last.

const AMQP_URL = process.env.ALERTHOOK_TEST_AMQP_URL;
// The fallback directory is on tmpfs where there is one: these tests are about the answers and the
// order, not the disk, and a loaded disk's fsyncs would eat the budget's share left for the fallback.
const tempDir = useScratchDir();
const DRIVE = { alerts: 30, gapMs: 30, clientTimeoutMs: 600, retryDelayMs: 50, cutAtMs: 250 };
const OUTAGE_MS = retryWindowMs(DRIVE) + 300;

interface Received {
  id: string;
  fingerprint: string;
  status: string;
}

describe.skipIf(AMQP_URL === undefined)('a RabbitMQ outage longer than the vendors retry', () => {
  let connection: amqp.ChannelModel;
  let channel: amqp.Channel;
  const brokerPort = Number(new URL(AMQP_URL ?? 'amqp://x:5672').port || 5672);

  beforeAll(async () => {
    connection = await amqp.connect(AMQP_URL as string);
    channel = await connection.createChannel();
  });
  afterAll(async () => {
    await connection?.close();
  });

  /** A fresh exchange bound to a fresh queue whose messages are collected in the order the broker holds them. */
  async function topology(exchange: string, declare = true) {
    const received: Received[] = [];
    if (declare) await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    const bind = async () => {
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, exchange, '#');
      await channel.consume(queue, (message) => {
        if (message === null) return;
        const event = JSON.parse(message.content.toString('utf8'));
        received.push({ id: String(message.properties.messageId), fingerprint: event.data.fingerprint, status: event.data.status });
        channel.ack(message);
      });
    };
    if (declare) await bind();
    return { received, bind };
  }

  async function serveThrough(sinkUrl: string, withFallback: boolean) {
    const dir = tempDir();
    const fallback = withFallback ? await openFallbackStore(`file://${dir}`, {}) : undefined;
    const server = await startLocalServer({
      config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: '400', ALERTHOOK_REDRIVE_INTERVAL_MS: '50' }),
      sink: retryingOpener(() => openSinks(sinkUrl, `file://${dir}`)),
      ...(fallback === undefined ? {} : { fallback }),
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
    return { server, fallback };
  }

  async function until(done: () => Promise<boolean> | boolean, ms: number) {
    const end = Date.now() + ms;
    while (!(await done()) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('with a fallback: every event arrives once the broker is back, each id once, each recovery after its firing', async () => {
    const exchange = `alerthook-outage-${process.pid}-${Date.now()}`;
    const { received } = await topology(exchange);
    const proxy = await startTcpProxy(brokerPort);
    const url = new URL(AMQP_URL as string);
    const sinkUrl = `amqp://${url.username}:${url.password}@127.0.0.1:${proxy.port}/?exchange=${exchange}`;
    const { server, fallback } = await serveThrough(sinkUrl, true);
    try {
      const started = Date.now();
      const drive = await driveThroughOutage({
        ...DRIVE,
        url: server.url,
        outage: async () => {
          proxy.cut();
          await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
          proxy.restore();
        },
      });
      const expected = expectedIds(drive.bodies);
      // Nobody acts: the schedule (and later callbacks) redrive what was deferred.
      await until(
        async () => new Set(received.map((r) => r.id)).size >= new Set(expected).size && (await fallback?.list())?.length === 0,
        15_000,
      );
      const problems = orderProblems(received);
      console.log(
        `sink-outage amqp: ${JSON.stringify({ callbacks: drive.bodies.length, attempts: drive.attempts, answers: drive.answers, outageMs: OUTAGE_MS, neverAccepted: drive.neverAccepted, events: expected.length, received: received.length, duplicates: problems.duplicates.length, drainedInMs: Date.now() - started })}`,
      );
      expect(drive.answers.deferred ?? 0).toBeGreaterThan(0); // the outage really happened
      expect(drive.neverAccepted).toBe(0);
      expect(new Set(received.map((r) => r.id))).toEqual(new Set(expected)); // nothing lost
      // Each id once — except, at most twice, for a callback that was deferred because its publish
      // outlived the budget: if the broker had it after all (its confirm was cut with the
      // connection), the redrive publishes the same id again. At least once, deduplicate on id.
      const deferredIds = new Set(expectedIds(drive.deferredBodies));
      expect(problems.duplicates.filter((id) => !deferredIds.has(id))).toEqual([]);
      expect(problems.duplicates.length).toBeLessThanOrEqual(new Set(problems.duplicates).size);
      expect(problems.recoveredFirst).toEqual([]);
      expect(await fallback?.list()).toEqual([]);
    } finally {
      await server.close();
      await proxy.close();
    }
  }, 40_000);

  it('without a fallback the same outage loses alarms (the vendor gives up): what the fallback is for', async () => {
    const exchange = `alerthook-outage-nofb-${process.pid}-${Date.now()}`;
    await topology(exchange);
    const proxy = await startTcpProxy(brokerPort);
    const url = new URL(AMQP_URL as string);
    const { server } = await serveThrough(`amqp://${url.username}:${url.password}@127.0.0.1:${proxy.port}/?exchange=${exchange}`, false);
    try {
      const drive = await driveThroughOutage({
        ...DRIVE,
        alerts: 15,
        url: server.url,
        outage: async () => {
          proxy.cut();
          await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
          proxy.restore();
        },
      });
      expect(drive.neverAccepted).toBeGreaterThan(0);
      expect(drive.answers.deferred).toBeUndefined();
    } finally {
      await server.close();
      await proxy.close();
    }
  }, 40_000);

  it('a sink URL naming a missing exchange defers until the exchange exists, then delivers without anyone replaying', async () => {
    const exchange = `alerthook-missing-${process.pid}-${Date.now()}`;
    const url = new URL(AMQP_URL as string);
    const { server, fallback } = await serveThrough(
      `${url.protocol}//${url.username}:${url.password}@${url.host}/?exchange=${exchange}`,
      true,
    );
    try {
      const drive = await driveThroughOutage({ ...DRIVE, alerts: 8, url: server.url, cutAtMs: 0, outage: async () => {} });
      expect(drive.answers).toEqual({ deferred: 16 });
      const { received, bind } = await topology(exchange, false);
      await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
      await bind();
      const expected = expectedIds(drive.bodies);
      await until(async () => received.length >= expected.length && (await fallback?.list())?.length === 0, 10_000);
      // Every one, once; one alert's notifications in their order. Different alerts' callbacks are
      // sent concurrently, so the order they arrived in (the letters' order) is not the order the
      // driver listed them in: two alerts may swap.
      expect(received.map((r) => r.id).sort()).toEqual([...expected].sort());
      expect(orderProblems(received)).toEqual({ duplicates: [], recoveredFirst: [] });
    } finally {
      await server.close();
      await channel.deleteExchange(exchange).catch(() => {});
    }
  }, 30_000);
});
