import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import amqp from 'amqplib';
import { sinkKinds } from '../../lib/sinks/registry.js';
import type { SinkKind } from '../../lib/sinks/sink.js';
import { alertmanagerBinary, startAlertmanager } from './alertmanager.js';
import { amqpTestUrl } from './broker.js';
import { startCloudEventsReceiver } from './cloudevents-receiver.js';
import { startKafkaStandIn } from './kafka-stand-in.js';
import { startRocketMqStandIn } from './rocketmq-stand-in.js';
import { S3_KEYS, listS3Keys, readS3Object, startS3Server, startVerifyingS3Proxy } from './s3.js';
import { closedPort } from './closed-port.js';
import { heartbeatOf, HEARTBEAT_TYPE, type SinkCase, type StoredHeartbeat } from './live-sink.js';
import { listStoredFiles } from './temp-dir.js';

export { useLiveSink, type LiveSink, type SinkCase, type StoredHeartbeat } from './live-sink.js';

const ROCKETMQ_KEYS = { ALERTHOOK_ROCKETMQ_ACCESS_KEY: 'AKtest', ALERTHOOK_ROCKETMQ_SECRET_KEY: 'SKtest' };

/** As written, one per kind; SINK_CASES is what the tests use. */
const WRITTEN_CASES: readonly SinkCase[] = [
  {
    kind: 'file',
    heartbeatsApart: true,
    scheme: 'file',
    connectsOnOpen: true,
    tailable: true,
    start: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'alerthook-shipped-'));
      return {
        url: `file://${dir}`,
        tailUrl: dir, // a plain directory, as README's tail example passes it
        env: {},
        storedEventIds: async () =>
          listStoredFiles(dir)
            .filter((f) => f.startsWith('events/'))
            .map((f) => basename(f, '.json')),
        storedHeartbeats: async () =>
          listStoredFiles(dir)
            .filter((f) => f.startsWith('heartbeat/'))
            .map((f) => heartbeatOf(readFileSync(join(dir, f), 'utf8'))),
        complaints: () => [],
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
    dead: async () => ({ url: 'file:///proc/alerthook-cannot-write-here', tailUrl: '/nonexistent/alerthook-data', env: {} }),
  },
  {
    kind: 's3',
    heartbeatsApart: true,
    scheme: 's3',
    connectsOnOpen: false,
    tailable: true,
    start: async () => {
      const s3 = await startS3Server(['alerts']);
      const proxy = await startVerifyingS3Proxy(s3, S3_KEYS.ALERTHOOK_S3_SECRET_ACCESS_KEY);
      const url = `s3://alerts/p?endpoint=${proxy.endpoint}&region=us-east-1&style=path`;
      return {
        url,
        tailUrl: url,
        env: S3_KEYS,
        storedEventIds: async () => (await listS3Keys(s3, 'alerts', 'p/events/')).map((key) => basename(key, '.json')),
        storedHeartbeats: async () =>
          Promise.all(
            (await listS3Keys(s3, 'alerts', 'p/heartbeat/')).map(async (key) => heartbeatOf(await readS3Object(s3, 'alerts', key))),
          ),
        complaints: () => proxy.requests.filter((r) => !r.signatureValid).map((r) => `bad signature: ${r.method} ${r.url.pathname}`),
        close: async () => {
          await proxy.close();
          await s3.close();
        },
      };
    },
    dead: async () => {
      const url = `s3://alerts/p?endpoint=http://127.0.0.1:${await closedPort()}&region=us-east-1&style=path`;
      return { url, tailUrl: url, env: S3_KEYS };
    },
  },
  {
    kind: 'amqp',
    heartbeatsApart: true,
    scheme: 'amqp',
    connectsOnOpen: true,
    tailable: true,
    start: (() => {
      const broker = amqpTestUrl();
      if (broker === undefined) return undefined;
      return async () => {
        const exchange = `alerthook-shipped-${randomUUID()}`;
        const connection = await amqp.connect(broker);
        const channel = await connection.createChannel();
        await channel.assertExchange(exchange, 'topic', { durable: false });
        await channel.assertQueue(exchange, { durable: false });
        await channel.bindQueue(exchange, exchange, 'alert.#');
        await channel.bindQueue(exchange, exchange, 'dead-letter.#');
        // A watcher's queue, bound as README says; the alert queue above is bound as tail binds.
        const beats = `${exchange}.heartbeat`;
        await channel.assertQueue(beats, { durable: false });
        await channel.bindQueue(beats, exchange, 'heartbeat.#');
        const seen: string[] = [];
        const heartbeats: StoredHeartbeat[] = [];
        const url = `${broker}?exchange=${exchange}`;
        return {
          url,
          tailUrl: url,
          env: {},
          storedEventIds: async () => {
            for (
              let message = await channel.get(exchange, { noAck: true });
              message !== false;
              message = await channel.get(exchange, { noAck: true })
            ) {
              if (message.properties.type !== 'alerthook.dead-letter.v1') seen.push(String(message.properties.messageId));
            }
            return [...seen];
          },
          storedHeartbeats: async () => {
            for (
              let message = await channel.get(beats, { noAck: true });
              message !== false;
              message = await channel.get(beats, { noAck: true })
            )
              heartbeats.push({ ...heartbeatOf(message.content.toString()), type: String(message.properties.type) });
            return [...heartbeats];
          },
          complaints: () => [],
          close: async () => {
            await channel.deleteQueue(exchange);
            await channel.deleteQueue(beats);
            await channel.deleteExchange(exchange);
            await connection.close();
          },
        };
      };
    })(),
    dead: async () => {
      const url = `amqp://guest:guest@127.0.0.1:${await closedPort()}/?exchange=alerts`;
      return { url, tailUrl: url, env: {} };
    },
  },
  {
    kind: 'kafka',
    heartbeatsApart: false,
    scheme: 'kafka',
    connectsOnOpen: true,
    tailable: true,
    start: async () => {
      const kafka = await startKafkaStandIn({ topics: { alerts: 3, 'alerts.dead-letter': 1 } });
      const url = `kafka://127.0.0.1:${kafka.port}/alerts`;
      return {
        url,
        tailUrl: url,
        env: {},
        storedEventIds: async () => kafka.records.filter((r) => r.topic === 'alerts').map((r) => r.headers.ce_id as string),
        storedHeartbeats: async () =>
          kafka.records
            .filter((r) => r.topic === 'alerts' && r.headers.ce_type === HEARTBEAT_TYPE)
            .map((r) => ({ ...heartbeatOf(String(r.value)), type: r.headers.ce_type as string })),
        complaints: () => [],
        close: () => kafka.close(),
      };
    },
    dead: async () => {
      const url = `kafka://127.0.0.1:${await closedPort()}/alerts`;
      return { url, tailUrl: url, env: {} };
    },
  },
  {
    kind: 'rocketmq',
    heartbeatsApart: true,
    scheme: 'rocketmq+http',
    connectsOnOpen: true,
    tailable: true,
    start: async () => {
      const mq = await startRocketMqStandIn({
        accessKey: ROCKETMQ_KEYS.ALERTHOOK_ROCKETMQ_ACCESS_KEY,
        secretKey: ROCKETMQ_KEYS.ALERTHOOK_ROCKETMQ_SECRET_KEY,
        instanceId: 'mq-1',
      });
      const url = `rocketmq+http://${mq.endpoint}/alerts?instance=mq-1`;
      return {
        url,
        tailUrl: `${url}&group=alerthook-tail`,
        env: ROCKETMQ_KEYS,
        storedEventIds: async () =>
          mq.messages.filter((m) => m.topic === 'alerts' && m.tag !== 'heartbeat').map((m) => JSON.parse(m.body).id as string),
        storedHeartbeats: async () =>
          mq.messages
            .filter((m) => m.topic === 'alerts' && m.tag === 'heartbeat')
            .map((m) => ({ ...heartbeatOf(m.body), type: m.properties.ce_type ?? '' })),
        complaints: () => (mq.badSignatures > 0 ? [`${mq.badSignatures} bad signatures`] : []),
        close: () => mq.close(),
      };
    },
    dead: async () => {
      const url = `rocketmq+http://127.0.0.1:${await closedPort()}/alerts?instance=mq-1`;
      return { url, tailUrl: `${url}&group=alerthook-tail`, env: ROCKETMQ_KEYS };
    },
  },
  {
    kind: 'alertmanager',
    heartbeatsApart: false,
    scheme: 'alertmanager',
    connectsOnOpen: false,
    tailable: false,
    start: (() => {
      const binary = alertmanagerBinary();
      if (binary === undefined) return undefined;
      return async () => {
        const alertmanager = await startAlertmanager(binary);
        const deadLetters = mkdtempSync(join(tmpdir(), 'alerthook-shipped-'));
        return {
          url: alertmanager.sinkUrl,
          tailUrl: null,
          env: { ALERTHOOK_DEAD_LETTER: `file://${deadLetters}` },
          storedEventIds: async () => (await alertmanager.activeAlerts()).map((alert) => alert.annotations.event_id as string),
          // The dead man's switch: one always-firing alert, renewed by each beat.
          storedHeartbeats: async () =>
            (await alertmanager.activeAlerts())
              .filter((alert) => alert.labels.alertname === 'AlerthookHeartbeat')
              .map((alert) => ({
                id: alert.annotations.event_id as string,
                vendor: alert.labels.vendor as string,
                type: alert.labels.alertname as string,
              })),
          complaints: () => [],
          close: async () => {
            await alertmanager.close();
            rmSync(deadLetters, { recursive: true, force: true });
          },
        };
      };
    })(),
    dead: async () => ({
      url: `alertmanager://127.0.0.1:${await closedPort()}`,
      tailUrl: null,
      env: { ALERTHOOK_DEAD_LETTER: `file://${tmpdir()}/alerthook-unused-dead-letters` },
    }),
  },
  {
    kind: 'http',
    heartbeatsApart: false,
    scheme: 'http',
    connectsOnOpen: false,
    tailable: false,
    start: async () => {
      const receiver = await startCloudEventsReceiver();
      return {
        url: `${receiver.url}/events?deadLetterUrl=${receiver.url}/dead-letters`,
        tailUrl: null,
        env: {},
        storedEventIds: async () => receiver.events.map((event) => event.id),
        storedHeartbeats: async () =>
          receiver.events
            .filter((event) => event.type === HEARTBEAT_TYPE)
            .map((event) => ({ id: event.id, vendor: (event.data as { vendor: string }).vendor, type: event.type as string })),
        complaints: () => receiver.complaints,
        close: () => receiver.close(),
      };
    },
    dead: async () => {
      const base = `http://127.0.0.1:${await closedPort()}`;
      return { url: `${base}/events?deadLetterUrl=${base}/dead-letters`, tailUrl: null, env: {} };
    },
  },
];

/**
 * The cases for these kinds, in their order, and what does not match: kinds with no case, and cases
 * that name no kind or a scheme their kind does not have. A kind with no case still gets one, whose
 * every test fails saying so, so that the tests iterating over SINK_CASES cannot pass without it.
 */
export function sinkCasesFor(kinds: readonly SinkKind[]): { cases: SinkCase[]; withoutCase: string[]; unmatched: string[] } {
  const withoutCase = kinds.filter((kind) => !WRITTEN_CASES.some((c) => c.kind === kind.name)).map((kind) => kind.name);
  const unmatched = WRITTEN_CASES.filter((c) => !kinds.some((kind) => kind.name === c.kind && kind.schemes.includes(c.scheme))).map(
    (c) => `${c.kind} (${c.scheme}://)`,
  );
  const cases = kinds.map((kind) => WRITTEN_CASES.find((c) => c.kind === kind.name) ?? missingCase(kind));
  return { cases, withoutCase, unmatched };
}

function missingCase(kind: SinkKind): SinkCase {
  const missing = async (): Promise<never> => {
    throw new Error(`no case for the sink kind "${kind.name}" in test/helpers/sink-cases.ts: add one (CONTRIBUTING.md, "Adding a sink")`);
  };
  return {
    kind: kind.name,
    scheme: kind.schemes[0] ?? kind.name,
    tailable: false,
    heartbeatsApart: false,
    start: undefined,
    dead: missing,
    connectsOnOpen: true,
  };
}

/** One case per registered sink kind, in the registry's order. */
export const SINK_CASES: readonly SinkCase[] = sinkCasesFor(sinkKinds()).cases;
