import type { SinkKind } from '../sink.js';

/** `kafka://BROKER[,BROKER]/TOPIC`: Tencent CKafka and Volcengine Kafka. */
export const kafkaSinks: SinkKind = {
  name: 'kafka',
  schemes: ['kafka'],
  usage: 'kafka://BROKER[,BROKER]/TOPIC[?sasl=plain|scram-sha-256|scram-sha-512&tls=1&compression=none|gzip|snappy|lz4]',
  openSink: async (url, env) => (await import('./sink.js')).createKafkaSink(url, env),
  tail: async (url, onEvent, options) => (await import('./tail.js')).tailTopic(url, onEvent, options),
};
