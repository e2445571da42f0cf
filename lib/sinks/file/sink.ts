import { join, resolve } from 'node:path';
import { AtomicFiles, makeDirectory } from './atomic-files.js';
import { deadLetterKeys, deadLetterMeta, eventKey, heartbeatKey, type LetterShelf } from '../object-layout.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';

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
    writeDeadLetter: (letter: DeadLetter) => writeLetterFiles(files, root, letter, 'dead-letter'),
    async writeHeartbeat({ event, json }: EncodedHeartbeat) {
      const path = join(root, heartbeatKey(event.data.vendor));
      await files.write(path, `${json}\n`);
      await files.syncDirectories([path]);
    },
    async close() {},
  };
}

/** A letter on its shelf. Body first: a meta file is only ever found beside its complete body. */
export async function writeLetterFiles(files: AtomicFiles, root: string, letter: DeadLetter, shelf: LetterShelf): Promise<void> {
  const keys = deadLetterKeys(letter, shelf);
  await files.write(join(root, keys.body), letter.body);
  await files.write(join(root, keys.meta), deadLetterMeta(letter));
  await files.syncDirectories([join(root, keys.body)]);
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

/**
 * `file://./data` and `file://data` are relative to the working directory; `file:///abs` is absolute.
 * Only that shape: `file:/data` (one slash) would be /data at the filesystem root and `file:data` is
 * a typo of the relative form, so both are refused rather than guessed. A raw comma is refused too:
 * in ALERTHOOK_SINK a comma separates sinks, so `data,` is a typo, and a name with one is `%2C`.
 */
export function fileSinkDirectory(url: string): string {
  const path = /^file:\/\/(.+)$/i.exec(url.trim())?.[1];
  const expected = 'expected file://DIR, e.g. file://./data (relative) or file:///abs/path';
  if (path === undefined) throw new Error(`not a file sink URL: "${url}": ${expected}`);
  if (path.includes(','))
    throw new Error(`"${url}": a comma separates sinks, not part of a directory's name (write %2C for one): ${expected}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new Error(`"${url}": a % that starts no escape (write %25 for one): ${expected}`);
  }
  return resolve(decoded);
}
