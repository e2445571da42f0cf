import type { Env } from './create-sink.js';
import type { DeadLetter, EncodedEvent, Sink } from './sink.js';
import { errorAt } from '../errors.js';
import { choice, credential } from './sink-url.js';

/**
 * `rocketmq+http://ENDPOINT/TOPIC?instance=INSTANCE_ID[&tag=status|kind|severity][&deadLetterTopic=…]`:
 * Volcengine RocketMQ through the HTTP producer of `@volcengine/openapi` (its HTTP access point;
 * the SDK accepts only http:). tag = the event's status (or kind, or severity), keys = [event id],
 * shardingKey = fingerprint, so an alert's life is ordered within one queue; the send result is
 * the broker's acknowledgement. Dead letters go to `deadLetterTopic` (default `TOPIC-dead-letter`),
 * body base64 (it may not be text), errors in the message properties.
 *
 * Credentials: ALERTHOOK_ROCKETMQ_ACCESS_KEY / ALERTHOOK_ROCKETMQ_SECRET_KEY.
 */

// The package's root loads every Volcengine service (≈280 modules); its rocketmq module alone is
// ≈120. The package has no `exports` map, so the deep path is part of its published layout.

interface RocketMqProducer {
  connect(): Promise<void>;
  close(): Promise<void>;
  publishMessage(options: { topic: string; body: string; tag?: string; keys?: string[]; shardingKey?: string; messageProperties?: { properties: Record<string, string> } }): Promise<{ msgId: string }>;
}

export interface RocketMqOptions {
  endpoint: string;
  topic: string;
  instanceId: string;
  tag: 'status' | 'kind' | 'severity';
  deadLetterTopic: string;
}

export function parseRocketMqUrl(text: string): RocketMqOptions {
  const url = new URL(text);
  if (url.protocol !== 'rocketmq+http:') throw new Error('rocketmq sink URL must be rocketmq+http://ENDPOINT/TOPIC?instance=…');
  const topic = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  const instanceId = url.searchParams.get('instance');
  if (topic === '' || topic.includes('/')) throw new Error('rocketmq sink URL names no topic: rocketmq+http://ENDPOINT/TOPIC?instance=…');
  if (instanceId === null || instanceId === '') throw new Error('rocketmq sink needs ?instance=INSTANCE_ID');
  return {
    endpoint: `http://${url.host}`,
    topic,
    instanceId,
    tag: choice(url.searchParams, 'tag', ['status', 'kind', 'severity'], 'status'),
    deadLetterTopic: url.searchParams.get('deadLetterTopic') ?? `${topic}-dead-letter`,
  };
}

/**
 * The SDK's workers log tab-separated lines with console.log (request payloads included); stdout
 * here is one JSON line per request, and their failures reach us as rejections, so they are kept quiet.
 */
export function quietRocketMqWorker<T>(worker: T): T {
  (worker as unknown as { _logger?: unknown })._logger = { error() {}, warn() {}, info() {}, debug() {} };
  return worker;
}

export function rocketMqCredentials(env: Env): { accessKey: string; secretKey: string } {
  const accessKey = credential(env, ['ALERTHOOK_ROCKETMQ_ACCESS_KEY']);
  const secretKey = credential(env, ['ALERTHOOK_ROCKETMQ_SECRET_KEY']);
  if (accessKey === undefined || secretKey === undefined) throw new Error('rocketmq sink needs ALERTHOOK_ROCKETMQ_ACCESS_KEY and ALERTHOOK_ROCKETMQ_SECRET_KEY in the environment');
  return { accessKey, secretKey };
}

export async function createRocketMqSink(text: string, env: Env): Promise<Sink> {
  const options = parseRocketMqUrl(text);
  const { accessKey, secretKey } = rocketMqCredentials(env);
  const { Client } = await import('@volcengine/openapi/lib/services/rocketmq/index.js');
  const client = new Client({ endpoint: options.endpoint, instanceId: options.instanceId, accessKey, secretKey });
  const where = `rocketmq+http://${new URL(options.endpoint).host}/${options.topic} (instance ${options.instanceId})`;

  async function connectProducer(): Promise<RocketMqProducer> {
    const producer: RocketMqProducer = quietRocketMqWorker(client.createProducer());
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      throw errorAt(where, error);
    }
  }

  /**
   * The SDK's producer sends over one socket (maxSockets 1) with no request timeout, so a send the
   * access point never answers would hold up every later send. A producer whose send outlives the
   * callback's budget is therefore replaced, and the old one is closed without waiting on it.
   */
  let current: Promise<RocketMqProducer> | undefined = connectProducer();
  await current;

  function producer(): Promise<RocketMqProducer> {
    current ??= connectProducer().catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    return current;
  }

  async function publish(message: Parameters<RocketMqProducer['publishMessage']>[0], signal?: AbortSignal): Promise<void> {
    const slot = producer();
    const active = await slot;
    const replace = () => {
      if (current === slot) current = undefined;
      void closeWithin(active, 1000);
    };
    signal?.addEventListener('abort', replace, { once: true });
    try {
      await active.publishMessage(message);
    } catch (error) {
      throw errorAt(where, error);
    } finally {
      signal?.removeEventListener('abort', replace);
    }
  }

  return {
    description: where,
    async writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal) {
      await Promise.all(
        events.map(({ event, json }) =>
          publish({
            topic: options.topic,
            body: json,
            tag: event.data[options.tag],
            keys: [event.id],
            shardingKey: event.data.fingerprint,
            messageProperties: { properties: { 'content-type': 'application/cloudevents+json', ce_id: event.id, ce_type: event.type } },
          }, signal),
        ),
      );
    },
    writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      return publish({
        topic: options.deadLetterTopic,
        body: Buffer.from(letter.body).toString('base64'),
        tag: 'dead-letter',
        keys: [letter.id],
        messageProperties: {
          properties: { 'alerthook-body-encoding': 'base64', 'alerthook-vendor': letter.vendor, 'alerthook-errors': JSON.stringify(letter.errors), 'alerthook-request-id': letter.requestId },
        },
      }, signal);
    },
    async close() {
      const slot = current;
      current = undefined;
      if (slot) await slot.then((p) => closeWithin(p, 1000), () => {});
    },
  };
}

/** Closes a producer, giving up after `ms`: its close waits behind any send still in flight. */
async function closeWithin(producer: RocketMqProducer, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([producer.close().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
