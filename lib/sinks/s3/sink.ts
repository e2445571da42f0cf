import type { Env } from '../../env.js';
import { deadLetterKeys, deadLetterMeta, eventKey, heartbeatKey, type LetterShelf } from '../object-layout.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { s3Bucket, type FetchLike, type S3Bucket } from './bucket.js';

/**
 * `s3://BUCKET/PREFIX?endpoint=…&region=…[&style=virtual|path]`: Tencent COS and Volcengine TOS
 * through their S3 APIs (see bucket.ts), one object per event under `PREFIX/` in the shared key
 * layout. A PUT answered 2xx is the acknowledgement.
 */
export function createS3Sink(url: string, env: Env, options: { fetch?: FetchLike } = {}): Sink {
  const bucket = s3Bucket(url, env, options);
  const { location } = bucket;
  return {
    description: `s3://${location.bucket}/${location.prefix} at ${location.endpoint.host} (${location.region}, ${location.style}-hosted)`,
    async writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal) {
      await Promise.all(events.map(({ event, json }) => bucket.put(eventKey(event), `${json}\n`, 'application/json', signal)));
    },
    writeDeadLetter: (letter: DeadLetter, signal?: AbortSignal) => putLetter(bucket, letter, 'dead-letter', signal),
    async writeHeartbeat({ event, json }: EncodedHeartbeat, signal?: AbortSignal) {
      await bucket.put(heartbeatKey(event.data.vendor), `${json}\n`, 'application/json', signal);
    },
    async close() {},
  };
}

/** A letter on its shelf. Body first: a meta object is only ever found beside its complete body. */
export async function putLetter(bucket: S3Bucket, letter: DeadLetter, shelf: LetterShelf, signal?: AbortSignal): Promise<void> {
  const keys = deadLetterKeys(letter, shelf);
  await bucket.put(keys.body, letter.body, 'application/octet-stream', signal);
  await bucket.put(keys.meta, deadLetterMeta(letter), 'application/json', signal);
}
