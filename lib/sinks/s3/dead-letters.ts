import type { Env } from '../../env.js';
import { deadLetterRefs, parseDeadLetterMeta, serializeDeadLetterMeta, type LetterShelf } from '../object-layout.js';
import type { DeadLetter, DeadLetterMeta } from '../../pipeline/delivery.js';
import type { DeadLetterRef, DeadLetterStore } from '../sink.js';
import { s3Bucket, type FetchLike } from './bucket.js';
import { putLetter } from './sink.js';

/**
 * Dead letters in a bucket the S3 sink wrote. S3 has no move: marking one replayed PUTs the body
 * and the annotated meta under `replayed/` first, then deletes the originals, the body first, since
 * a letter is listed by its body: the letter is in one place or both, never neither, and never
 * listed without its body. The two PUTs go side by side, so one that fails can leave the other's
 * copy under `replayed/` alone, which nothing lists by (the next redrive writes both again).
 */
export function s3DeadLetterStore(
  url: string,
  env: Env,
  options: { fetch?: FetchLike; shelf?: LetterShelf | undefined } = {},
): DeadLetterStore {
  const bucket = s3Bucket(url, env, options);
  const shelf = options.shelf ?? 'dead-letter';
  const key = (letter: DeadLetterRef, extension: 'body' | 'json', under = '') =>
    `${under}${shelf}/${letter.vendor}/${letter.id}.${extension}`;
  return {
    description: bucket.description,
    async list(vendor) {
      return deadLetterRefs(await bucket.list(`${shelf}/${vendor === undefined ? '' : `${vendor}/`}`), shelf);
    },
    async readMeta(letter) {
      return parseDeadLetterMeta(await bucket.get(key(letter, 'json')));
    },
    async readBody(letter) {
      const body = await bucket.get(key(letter, 'body'));
      if (body === null) throw new Error(`${bucket.description}: ${key(letter, 'body')} is gone`);
      return body;
    },
    async markReplayed(letter, meta: DeadLetterMeta) {
      const body = await this.readBody(letter);
      await Promise.all([
        bucket.put(key(letter, 'body', 'replayed/'), body, 'application/octet-stream'),
        bucket.put(key(letter, 'json', 'replayed/'), serializeDeadLetterMeta(meta), 'application/json'),
      ]);
      await bucket.delete(key(letter, 'body'));
      await bucket.delete(key(letter, 'json'));
    },
    write: (letter: DeadLetter, signal?: AbortSignal) => putLetter(bucket, letter, shelf, signal),
  };
}
