import type { SASLOptions } from 'kafkajs';
import { envValue, type Env } from '../../env.js';
import { choice, flag } from '../sink-url.js';

/**
 * `kafka://BROKER[,BROKER]/TOPIC?sasl=…&tls=1&compression=…&deadLetterTopic=…&clientId=…`, as the
 * sink and the tail read it. Credentials for SASL: ALERTHOOK_KAFKA_USERNAME / ALERTHOOK_KAFKA_PASSWORD.
 */
export const KAFKA_COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4'] as const;
export type KafkaCompression = (typeof KAFKA_COMPRESSIONS)[number];

export interface KafkaOptions {
  brokers: string[];
  topic: string;
  deadLetterTopic: string;
  sasl: SASLOptions | undefined;
  tls: boolean;
  compression: KafkaCompression;
  clientId: string;
}

export function parseKafkaUrl(text: string, env: Env): KafkaOptions {
  // URL() would take only one host; brokers are everything between // and the first /.
  const match = /^kafka:\/\/([^/?#]+)\/([^?#]+)(?:\?([^#]*))?$/i.exec(text.trim());
  if (!match) throw new Error('kafka sink URL must look like kafka://BROKER[,BROKER]/TOPIC?…');
  const brokers = (match[1] as string)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const topic = decodeURIComponent(match[2] as string);
  const params = new URLSearchParams(match[3] ?? '');
  const mechanism = choice(params, 'sasl', ['none', 'plain', 'scram-sha-256', 'scram-sha-512'], 'none');
  let sasl: SASLOptions | undefined;
  if (mechanism !== 'none') {
    const username = envValue(env, 'ALERTHOOK_KAFKA_USERNAME');
    const password = envValue(env, 'ALERTHOOK_KAFKA_PASSWORD');
    if (username === undefined || password === undefined)
      throw new Error(`kafka sasl=${mechanism} needs ALERTHOOK_KAFKA_USERNAME and ALERTHOOK_KAFKA_PASSWORD in the environment`);
    sasl = { mechanism, username, password } as SASLOptions;
  }
  return {
    brokers,
    topic,
    deadLetterTopic: params.get('deadLetterTopic') ?? `${topic}.dead-letter`,
    sasl,
    tls: flag(params, 'tls'),
    compression: choice(params, 'compression', KAFKA_COMPRESSIONS, 'none'),
    clientId: params.get('clientId') ?? 'alerthook',
  };
}
