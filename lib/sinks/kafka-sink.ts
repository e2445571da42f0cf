// kafkajs is CommonJS whose exports Node's ESM loader cannot all detect (`CompressionCodecs` among
// them): a named import works under a bundler or vitest and fails under plain Node. Take the
// module object instead.
import kafkajs, { type Producer, type SASLOptions } from 'kafkajs';
import createSnappyCodec from 'kafkajs-snappy';
import * as lz4 from 'lz4js';
import type { AlertEvent } from '../event/alert-event.js';
import type { Env } from './create-sink.js';
import type { DeadLetter, EncodedEvent, Sink } from './sink.js';
import { errorAt } from '../errors.js';
import { choice, credential, flag } from './sink-url.js';

/**
 * `kafka://BROKER[,BROKER]/TOPIC?sasl=plain|scram-sha-256|scram-sha-512&tls=1&compression=none|gzip|snappy|lz4&deadLetterTopic=…`:
 * Tencent CKafka (Kafka 0.9–2.8; no gzip there) and Volcengine Kafka, through kafkajs (pure JS, so
 * the function bundles without native code; it negotiates protocol versions with old brokers).
 *
 * - key = the alert's fingerprint, so one alert's firing, repeats and recovery stay ordered in one
 *   partition (kafkajs's default partitioner hashes keys as Java clients do);
 * - value = the event JSON (structured-mode CloudEvent, `content-type: application/cloudevents+json`),
 *   with the CloudEvents attributes also as `ce_*` headers for routing without parsing;
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

const COMPRESSION = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4 } as const;

export interface KafkaOptions {
  brokers: string[];
  topic: string;
  deadLetterTopic: string;
  sasl: SASLOptions | undefined;
  tls: boolean;
  compression: keyof typeof COMPRESSION;
  clientId: string;
}

export function parseKafkaUrl(text: string, env: Env): KafkaOptions {
  // URL() would take only one host; brokers are everything between // and the first /.
  const match = /^kafka:\/\/([^/?#]+)\/([^?#]+)(?:\?([^#]*))?$/i.exec(text.trim());
  if (!match) throw new Error('kafka sink URL must look like kafka://BROKER[,BROKER]/TOPIC?…');
  const brokers = (match[1] as string).split(',').map((b) => b.trim()).filter((b) => b !== '');
  const topic = decodeURIComponent(match[2] as string);
  const params = new URLSearchParams(match[3] ?? '');
  const mechanism = choice(params, 'sasl', ['none', 'plain', 'scram-sha-256', 'scram-sha-512'], 'none');
  let sasl: SASLOptions | undefined;
  if (mechanism !== 'none') {
    const username = credential(env, ['ALERTHOOK_KAFKA_USERNAME']);
    const password = credential(env, ['ALERTHOOK_KAFKA_PASSWORD']);
    if (username === undefined || password === undefined) throw new Error(`kafka sasl=${mechanism} needs ALERTHOOK_KAFKA_USERNAME and ALERTHOOK_KAFKA_PASSWORD in the environment`);
    sasl = { mechanism, username, password } as SASLOptions;
  }
  return {
    brokers,
    topic,
    deadLetterTopic: params.get('deadLetterTopic') ?? `${topic}.dead-letter`,
    sasl,
    tls: flag(params, 'tls'),
    compression: choice(params, 'compression', ['none', 'gzip', 'snappy', 'lz4'], 'none'),
    clientId: params.get('clientId') ?? 'alerthook',
  };
}

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
        events.map(({ event, json }) => ({ key: event.data.fingerprint, value: json, headers: cloudEventHeaders(event) })),
      );
    },
    writeDeadLetter(letter: DeadLetter) {
      return send(options.deadLetterTopic, [
        {
          key: letter.id,
          value: Buffer.from(letter.body),
          headers: {
            'content-type': 'application/octet-stream',
            'alerthook-vendor': letter.vendor,
            'alerthook-errors': JSON.stringify(letter.errors),
            'alerthook-request-id': letter.requestId,
            'alerthook-received-at': letter.receivedAt,
          },
        },
      ]);
    },
    close: () => producer.disconnect(),
  };
}

/** The Kafka protocol binding's `ce_` attribute headers, beside the structured-mode content type. */
export function cloudEventHeaders(event: AlertEvent): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/cloudevents+json; charset=UTF-8',
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_time: event.time,
    ce_dataschema: event.dataschema,
  };
  if (event.subject !== undefined) headers.ce_subject = event.subject;
  return headers;
}
