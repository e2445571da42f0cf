import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { errorMessage } from '../../errors.js';
import type { OnEvent, TailOptions } from '../sink.js';
import { parseKafkaUrl } from './url.js';

// CommonJS: see sink.ts for why the module object is imported.
const { Kafka, logLevel } = kafkajs;

/**
 * Reads the topic with a consumer group of its own (`alerthook-tail-<random>`, or `?group=`), so the
 * sink's real consumer groups lose nothing; from the latest offsets, or the earliest with --from-start.
 * Ready is reported after the first completed fetch: only then are the starting offsets resolved,
 * so an event written after "tailing" appears is one the tail prints.
 */
export async function tailTopic(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const parsed = parseKafkaUrl(url, options.env);
  const kafka = new Kafka({
    clientId: `${parsed.clientId}-tail`,
    brokers: parsed.brokers,
    ssl: parsed.tls,
    ...(parsed.sasl ? { sasl: parsed.sasl } : {}),
    connectionTimeout: 3000,
    retry: { retries: 2, initialRetryTime: 200 },
    logLevel: logLevel.NOTHING,
  });
  const groupId = new URLSearchParams(url.split('?')[1] ?? '').get('group') ?? `alerthook-tail-${randomUUID()}`;
  // A crash ends the tail with its reason instead of restarting quietly for ever.
  const consumer = kafka.consumer({ groupId, retry: { retries: 2, restartOnFailure: async () => false } });
  await consumer.connect();
  try {
    const stopped = new Promise<void>((resolve, reject) => {
      options.signal.addEventListener('abort', () => resolve(), { once: true });
      consumer.on(consumer.events.CRASH, (event) => reject(new Error(errorMessage(event.payload.error))));
    });
    let ready = false;
    consumer.on(consumer.events.FETCH, () => {
      if (ready) return;
      ready = true;
      options.onReady?.(`kafka://${parsed.brokers.join(',')}/${parsed.topic} (consumer group ${groupId})`);
    });
    await consumer.subscribe({ topic: parsed.topic, fromBeginning: options.fromStart });
    await consumer.run({ eachMessage: async ({ message }) => void (message.value && onEvent(message.value.toString())) });
    await stopped;
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}
