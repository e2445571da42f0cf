import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { parseKafkaUrl } from '../sinks/kafka-sink.js';
import type { OnEvent, TailOptions } from './tail.js';

/**
 * Reads the topic from its latest offsets with a consumer group of its own
 * (`alerthook-tail-<random>`, or `?group=`), so the sink's real consumer groups lose nothing.
 */
export async function tailTopic(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const parsed = parseKafkaUrl(url, options.env);
  const kafka = new Kafka({ clientId: `${parsed.clientId}-tail`, brokers: parsed.brokers, ssl: parsed.tls, ...(parsed.sasl ? { sasl: parsed.sasl } : {}), logLevel: logLevel.NOTHING });
  const groupId = new URLSearchParams(url.split('?')[1] ?? '').get('group') ?? `alerthook-tail-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: parsed.topic, fromBeginning: options.fromStart });
    await consumer.run({ eachMessage: async ({ message }) => void (message.value && onEvent(message.value.toString())) });
    await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}
