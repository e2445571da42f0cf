import { join, resolve } from 'node:path';
import { AtomicFiles, makeDirectory } from './atomic-files.js';
import { deadLetterKeys, deadLetterMeta, eventKey } from '../object-layout.js';
import type { DeadLetter, EncodedEvent, Sink } from '../../pipeline/delivery.js';

/**
 * `file://DIR`: one JSON file per event, the embedded default.
 *
 * Files are laid out by `eventKey` and `deadLetterKeys` (object-layout.ts), shared with object storage.
 * The path is a function of the event alone, so a redelivery overwrites rather than duplicates.
 * Each file is written atomically and its directory fsynced (AtomicFiles) before a write resolves.
 */
export function createFileSink(url: string): Sink {
  const root = fileSinkDirectory(url);
  const files = new AtomicFiles();

  return {
    description: `file://${root}`,
    async writeEvents(events: readonly EncodedEvent[]) {
      const paths = events.map(({ event }) => join(root, eventKey(event)));
      await Promise.all(events.map(({ json }, i) => files.write(paths[i] as string, `${json}\n`)));
      await files.syncDirectories(paths);
    },
    async writeDeadLetter(letter: DeadLetter) {
      const keys = deadLetterKeys(letter);
      // Body first: a meta file is only ever found beside its complete body.
      await files.write(join(root, keys.body), letter.body);
      await files.write(join(root, keys.meta), deadLetterMeta(letter));
      await files.syncDirectories([join(root, keys.body)]);
    },
    async close() {},
  };
}

/**
 * The sink as `ALERTHOOK_SINK` opens it: the directory is created now, so a path that cannot be
 * written is reported at start-up, and `alerthook tail` finds the directory before the first event.
 */
export async function openFileSink(url: string): Promise<Sink> {
  const sink = createFileSink(url);
  const root = fileSinkDirectory(url);
  await makeDirectory(root).catch((error: unknown) => {
    throw new Error(`file://${root}: cannot create the directory: ${(error as Error).message}`);
  });
  return sink;
}

/** `file://./data` and `file://data` are relative to the working directory; `file:///abs` is absolute. */
export function fileSinkDirectory(url: string): string {
  const match = /^file:(?:\/\/)?(.*)$/.exec(url.trim());
  const path = match?.[1];
  if (path === undefined || path === '') throw new Error(`not a file sink URL: "${url}" (expected file://DIR)`);
  return resolve(decodeURIComponent(path));
}
