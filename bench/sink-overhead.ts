import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsClient } from 'aws4fetch';
import amqp from 'amqplib';
import { decodeCallback } from '../lib/pipeline/decode-callback.js';
import { eventKey } from '../lib/sinks/object-layout.js';
import { eventHeaders } from '../lib/sinks/broker-headers.js';
import type { EncodedEvent } from '../lib/pipeline/delivery.js';
import { loadVendors } from '../lib/vendors/registry.js';
import { gatewayEvent } from './cold-start.js';
import { loadCorpus, metricVariant, type CorpusBody } from './corpus.js';
import { median, percentile } from './measure.js';

/**
 * Figure 1, run as `node dist/bench/sink-overhead.js s3|amqp BUNDLE_DIR ROUNDS [AMQP_URL]` in a
 * process of its own (a function instance reads its sink from the environment once): the latency
 * of a Volcengine callback through the built veFaaS bundle's handler, from event to answer, beside
 * a bare client making the same acknowledged write of the same bytes with the same library — a
 * SigV4-signed PUT with aws4fetch to a real S3-compatible server (s3rver, in its own process), or a persistent,
 * mandatory publish on a confirm channel with amqplib to RabbitMQ, with the message properties and
 * headers the sink sets. A third client makes the same bare write after the pipeline's work on its
 * own callback (decode → validate → normalize → serialize), so the difference splits into the
 * pipeline and the rest of the callback path. Calls rotate one to one to one. Each call's CPU (the
 * process's user + system time while it runs) is recorded beside its wall time: on a loaded
 * machine wall time stretches with whatever else runs, the CPU a call spends much less.
 * Prints one JSON line: p50 and p99 in milliseconds and the median CPU in µs of each.
 */

const [mode, bundleDir, roundsText, amqpUrl] = process.argv.slice(2);
const rounds = Number(roundsText ?? 400);
const WARMUP = 40;

/** Distinct callbacks, so every write is a new object or message. */
function callbacks(template: CorpusBody, count: number, offset = 0): CorpusBody[] {
  return Array.from({ length: count }, (_, i) => ({ ...template, bytes: Buffer.from(metricVariant(template, offset + i + 1)) }));
}

interface BareClient {
  write(event: EncodedEvent): Promise<void>;
  close(): Promise<void>;
}

async function s3(): Promise<{ sinkUrl: string; env: Record<string, string>; bare: BareClient }> {
  const server = spawn(process.execPath, [fileURLToPath(new URL('./s3-server.js', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    server.once('exit', (code) => reject(new Error(`s3-server exited with ${code}`)));
  });
  const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1' });
  return {
    sinkUrl: `s3://alerts/ours?endpoint=${endpoint}&region=us-east-1&style=path`,
    env: { ALERTHOOK_S3_ACCESS_KEY_ID: 'S3RVER', ALERTHOOK_S3_SECRET_ACCESS_KEY: 'S3RVER' },
    bare: {
      async write({ event, json }) {
        const response = await client.fetch(`${endpoint}/alerts/bare/${eventKey(event)}`, {
          method: 'PUT',
          body: `${json}\n`,
          headers: { 'content-type': 'application/json' },
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`bare PUT: HTTP ${response.status}`);
      },
      async close() {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.stdin.end();
        await exited;
      },
    },
  };
}

async function rabbitmq(url: string): Promise<{ sinkUrl: string; env: Record<string, string>; bare: BareClient }> {
  const exchange = `alerthook-bench-${process.pid}`;
  // Nagle off, as a latency-minded client has it: a publish is three frames, and with Nagle on the
  // second waits for the broker's delayed ACK of the first (about 40 ms).
  const connection = await amqp.connect(url, { noDelay: true });
  const admin = await connection.createChannel();
  await admin.assertExchange(exchange, 'topic', { durable: true });
  await admin.assertQueue(exchange, { durable: true });
  await admin.bindQueue(exchange, exchange, '#');
  const channel = await connection.createConfirmChannel();
  return {
    sinkUrl: `${url}?exchange=${exchange}`,
    env: {},
    bare: {
      // The message the sink publishes: the same properties and headers (the content type is a
      // property, not a header), persistent and mandatory, on a confirm channel.
      async write({ event, json }) {
        const { 'content-type': _, ...headers } = eventHeaders(event);
        channel.publish(exchange, `alert.${event.data.vendor}.${event.data.severity}.${event.data.status}`, Buffer.from(json), {
          persistent: true,
          mandatory: true,
          contentType: 'application/cloudevents+json',
          messageId: event.id,
          type: event.type,
          timestamp: Math.floor(Date.parse(event.time) / 1000),
          headers,
        });
        await channel.waitForConfirms();
      },
      async close() {
        await admin.deleteQueue(exchange);
        await admin.deleteExchange(exchange);
        await connection.close();
      },
    },
  };
}

const vendors = await loadVendors();
const template = loadCorpus().find((body) => body.name === 'Metric') as CorpusBody;
const bodies = callbacks(template, WARMUP + rounds);
// For the bare client that decodes first: other callbacks, so that its writes are new ones too.
const decodedBodies = callbacks(template, WARMUP + rounds, WARMUP + rounds);
const settings = { defaultSeverity: 'warning', vendors: { volcengine: {}, tencent: { utcOffsetMinutes: 480 } } } as const;
const encoded = bodies.map((body) => {
  const decoded = decodeCallback(vendors.volcengine!, body.bytes, {}, settings);
  if (decoded.outcome !== 'events' || decoded.events.length !== 1) throw new Error('bench body did not normalize to one event');
  return decoded.events[0] as EncodedEvent;
});

const target = mode === 's3' ? await s3() : mode === 'amqp' ? await rabbitmq(amqpUrl as string) : null;
if (target === null) throw new Error('usage: sink-overhead.js s3|amqp BUNDLE_DIR ROUNDS [AMQP_URL]');
Object.assign(process.env, { ALERTHOOK_TOKEN: 'bench', ALERTHOOK_SINK: target.sinkUrl, ...target.env });
const { handler } = createRequire(import.meta.url)(resolve(bundleDir as string, 'index.js')) as {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
};

// The platform's events are built before the clock starts: that is the platform's work, not ours.
const events = bodies.map((body) => gatewayEvent(body));
const ours: number[] = [];
const bare: number[] = [];
const decoded: number[] = [];
/** This process's user + system CPU during each call (µs), beside its wall time: what load cannot stretch. */
const cpu = { ours: [] as number[], bare: [] as number[], decoded: [] as number[] };
async function timed(run: () => Promise<void>, into: number[] | null, cpuInto: number[]): Promise<void> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpuStart);
  if (into === null) return;
  into.push(elapsed);
  cpuInto.push(used.user + used.system);
}
try {
  for (let i = 0; i < bodies.length; i++) {
    const measured = i >= WARMUP;
    const callOurs = () =>
      timed(
        async () => {
          const answer = await handler(events[i], {});
          if (answer.statusCode !== 200) throw new Error(`handler answered ${answer.statusCode}: ${answer.body}`);
        },
        measured ? ours : null,
        cpu.ours,
      );
    const callBare = () => timed(() => target.bare.write(encoded[i] as EncodedEvent), measured ? bare : null, cpu.bare);
    // The bare write after the pipeline's work on its callback (decode, validate, normalize,
    // serialize): what is left of the difference is the receiver and the handler around them.
    const callDecoded = () =>
      timed(
        async () => {
          const result = decodeCallback(vendors.volcengine!, (decodedBodies[i] as CorpusBody).bytes, {}, settings);
          if (result.outcome !== 'events') throw new Error('bench body did not normalize');
          await target.bare.write(result.events[0] as EncodedEvent);
        },
        measured ? decoded : null,
        cpu.decoded,
      );
    // Rotate which goes first, so none always follows the same one's work.
    const calls = [callOurs, callBare, callDecoded];
    for (let k = 0; k < calls.length; k++) await (calls[(i + k) % calls.length] as () => Promise<void>)();
  }
} finally {
  await target.bare.close();
}
process.stdout.write(
  `${JSON.stringify({
    ours: { p50: percentile(ours, 50), p99: percentile(ours, 99), cpuUs: median(cpu.ours) },
    bare: { p50: percentile(bare, 50), p99: percentile(bare, 99), cpuUs: median(cpu.bare) },
    decoded: { p50: percentile(decoded, 50), p99: percentile(decoded, 99), cpuUs: median(cpu.decoded) },
    samples: ours.length,
  })}\n`,
);
process.exit(0);
