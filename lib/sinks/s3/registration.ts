import type { SinkKind } from '../sink.js';

/** `s3://BUCKET/PREFIX?endpoint=…`: Tencent COS and Volcengine TOS through their S3 APIs. */
export const s3Sinks: SinkKind = {
  name: 's3',
  schemes: ['s3'],
  usage: 's3://BUCKET/PREFIX?endpoint=HOST[&region=R][&style=path]',
  openSink: async (url, env) => (await import('./sink.js')).createS3Sink(url, env),
  tail: async (url, onEvent, options) => (await import('./tail.js')).tailBucket(url, onEvent, options),
  openDeadLetterStore: async (url, env, shelf) => (await import('./dead-letters.js')).s3DeadLetterStore(url, env, { shelf }),
};
