// kafkajs is CommonJS whose exports Node's ESM loader cannot all detect (`CompressionCodecs` among
// them): a named import works under a bundler or vitest and fails under plain Node. Take the
// module object instead.
import kafkajs, { type Producer } from 'kafkajs';
import createSnappyCodec from 'kafkajs-snappy';
import * as lz4 from 'lz4js';
import type { Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import { deadLetterHeaders, eventHeaders, heartbeatHeaders, heartbeatMessageKey } from '../broker-headers.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { parseKafkaUrl, type KafkaCompression } from './url.js';

/**
 * `kafka://BROKER[,BROKER]/TOPIC?sasl=plain|scram-sha-256|scram-sha-512&tls=1&compression=none|gzip|snappy|lz4&deadLetterTopic=…`:
 * Tencent CKafka (Kafka 0.9–2.8; no gzip there) and Volcengine Kafka, through kafkajs (pure JS, so
 * the function bundles without native code; it negotiates protocol versions with old brokers).
 *
 * - key = the alert's fingerprint, so one alert's firing, repeats and recovery stay ordered in one
 *   partition (kafkajs's default partitioner hashes keys as Java clients do);
 * - value = the event JSON (structured-mode CloudEvent, `content-type: application/cloudevents+json`),
 *   with the CloudEvents attributes also as `ce_*` headers for routing without parsing (broker-headers.ts);
 * - acks = all in-sync replicas; no client-side retries, because the vendor retries the callback and
 *   the time budget would not wait for them.
 * Dead letters go to `deadLetterTopic` (default `TOPIC.dead-letter`): key = dead-letter id, value = the raw body.
 *
 * Credentials for SASL: ALERTHOOK_KAFKA_USERNAME / ALERTHOOK_KAFKA_PASSWORD.
 */

const { CompressionCodecs, CompressionTypes, Kafka, Partitioners, logLevel } = kafkajs;

// Registered once per process: kafkajs keeps codecs in a module-level table.
CompressionCodecs[CompressionTypes.Snappy] = createSnappyCodec;
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (encoder: { buffer: Buffer }) => Buffer.from(lz4.compress(encoder.buffer)),
  decompress: async (buffer: Buffer) => Buffer.from(lz4.decompress(buffer)),
});

const COMPRESSION: Record<KafkaCompression, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
};

export async function createKafkaSink(text: string, env: Env): Promise<Sink> {
  const options = parseKafkaUrl(text, env);
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.tls,
    ...(options.sasl ? { sasl: options.sasl } : {}),
    connectionTimeout: 3000,
    requestTimeout: 3500,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    retry: { retries: 0 },
  });
  const where = `kafka://${options.brokers.join(',')}/${options.topic}`;
  // Connecting fetches metadata: a wrong address or credentials surface at start-up.
  await producer.connect().catch((error: unknown) => {
    throw errorAt(where, error);
  });

  async function send(topic: string, messages: { key: string; value: Buffer | string; headers: Record<string, string> }[]) {
    try {
      await producer.send({ topic, acks: -1, timeout: 3000, compression: COMPRESSION[options.compression], messages });
    } catch (error) {
      throw errorAt(where, error);
    }
  }

  return {
    description: `${where} (${options.compression}${options.sasl ? `, sasl ${options.sasl.mechanism}` : ''}${options.tls ? ', tls' : ''})`,
    writeEvents(events: readonly EncodedEvent[]) {
      return send(
        options.topic,
        events.map(({ event, json }) => ({ key: event.data.fingerprint, value: json, headers: eventHeaders(event) })),
      );
    },
    writeDeadLetter(letter: DeadLetter) {
      return send(options.deadLetterTopic, [
        {
          key: letter.id,
          value: Buffer.from(letter.body),
          headers: deadLetterHeaders(letter),
        },
      ]);
    },
    // In the events' topic under a key of its own (an alert's key is its fingerprint), so one
    // partition holds every beat of a vendor in order; consumers tell it apart by ce_type.
    writeHeartbeat({ event, json }: EncodedHeartbeat) {
      return send(options.topic, [{ key: heartbeatMessageKey(event), value: json, headers: heartbeatHeaders(event) }]);
    },
    close: () => producer.disconnect(),
  };
}
