import { pause } from '../../time/pause.js';
import type { OnEvent, TailOptions } from '../sink.js';
import { s3Bucket, type FetchLike } from './bucket.js';

/** Polls ListObjectsV2 under `PREFIX/events/` and GETs each new key, with the sink's own credentials. */
export async function tailBucket(url: string, onEvent: OnEvent, options: TailOptions & { fetch?: FetchLike }): Promise<void> {
  const bucket = s3Bucket(url, options.env, options.fetch ? { fetch: options.fetch } : {});
  const seen = new Set<string>();
  let first = true;
  while (!options.signal.aborted) {
    const fresh = (await bucket.list('events/')).filter((key) => !seen.has(key)).sort();
    for (const key of fresh) {
      if (first && !options.fromStart) {
        seen.add(key);
        continue;
      }
      // An object listed a moment ago and gone now was removed by someone else: nothing to print.
      const body = await bucket.get(key);
      seen.add(key);
      if (body !== null) onEvent(Buffer.from(body).toString('utf8').trim());
    }
    // Ready only once what was already there is known: an event written after this is printed.
    if (first) options.onReady?.(`${bucket.description}events/`);
    first = false;
    await pause(options.pollMs ?? 2000, options.signal);
  }
}
