import type { Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import { runWithin } from '../../run-within.js';
import { deadLetterHeaders, eventHeaders, heartbeatHeaders, heartbeatMessageKey } from '../broker-headers.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { parseRocketMqUrl, quietRocketMqWorker, rocketMqClient } from './client.js';

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

// The SDK's HTTP producer, as far as it is used here.
interface RocketMqProducer {
  connect(): Promise<void>;
  close(): Promise<void>;
  publishMessage(options: {
    topic: string;
    body: string;
    tag?: string;
    keys?: string[];
    shardingKey?: string;
    messageProperties?: { properties: Record<string, string> };
  }): Promise<{ msgId: string }>;
}

export async function createRocketMqSink(text: string, env: Env): Promise<Sink> {
  const options = parseRocketMqUrl(text);
  const client = await rocketMqClient(options, env);
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
          publish(
            {
              topic: options.topic,
              body: json,
              tag: event.data[options.tag],
              keys: [event.id],
              shardingKey: event.data.fingerprint,
              messageProperties: { properties: eventHeaders(event) },
            },
            signal,
          ),
        ),
      );
    },
    writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      return publish(
        {
          topic: options.deadLetterTopic,
          body: Buffer.from(letter.body).toString('base64'),
          tag: 'dead-letter',
          keys: [letter.id],
          messageProperties: {
            properties: deadLetterHeaders(letter, 'base64'),
          },
        },
        signal,
      );
    },
    // Tagged `heartbeat`, which no alert field takes as a value, so a consumer subscribed to
    // alert tags (`critical||warning`) is not handed one; a watcher subscribes to `heartbeat`.
    writeHeartbeat({ event, json }: EncodedHeartbeat, signal?: AbortSignal) {
      return publish(
        {
          topic: options.topic,
          body: json,
          tag: 'heartbeat',
          keys: [event.id],
          shardingKey: heartbeatMessageKey(event),
          messageProperties: { properties: heartbeatHeaders(event) },
        },
        signal,
      );
    },
    async close() {
      const slot = current;
      current = undefined;
      if (slot)
        await slot.then(
          (p) => closeWithin(p, 1000),
          () => {},
        );
    },
  };
}

/** Closes a producer, giving up after `ms`: its close waits behind any send still in flight. */
function closeWithin(producer: RocketMqProducer, ms: number): Promise<void> {
  return runWithin(ms, 'close', () => producer.close()).catch(() => {});
}
