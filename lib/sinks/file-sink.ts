import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { deadLetterKeys, deadLetterMeta, eventKey, type DeadLetter, type EncodedEvent, type Sink } from './sink.js';

/**
 * `file://DIR`: one JSON file per event, the embedded default.
 *
 * Files are laid out by `eventKey` and `deadLetterKeys` (sink.ts), shared with object storage.
 * The path is a function of the event alone, so a redelivery overwrites rather than duplicates.
 * Each file is written to a temporary name in the same directory, fsynced, renamed over the final
 * name and the directory fsynced: a reader, or a crash, sees the old file or the new one, never
 * part of one. Temporary names end in `.tmp`; readers skip them.
 */
export function createFileSink(url: string): Sink {
  const root = fileSinkDirectory(url);
  const createdDirs = new Set<string>();

  async function ensureDir(dir: string): Promise<void> {
    if (createdDirs.has(dir)) return;
    await makeDirectory(dir);
    createdDirs.add(dir);
  }

  async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
    const dir = dirname(path);
    await ensureDir(dir);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async function syncDirs(paths: readonly string[]): Promise<void> {
    const dirs = new Set(paths.map((path) => dirname(path)));
    await Promise.all(
      [...dirs].map(async (dir) => {
        const handle = await open(dir, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    );
  }

  return {
    description: `file://${root}`,
    async writeEvents(events: readonly EncodedEvent[]) {
      const paths = events.map(({ event }) => join(root, eventKey(event)));
      await Promise.all(events.map(({ json }, i) => writeAtomic(paths[i] as string, `${json}\n`)));
      await syncDirs(paths);
    },
    async writeDeadLetter(letter: DeadLetter) {
      const keys = deadLetterKeys(letter);
      // Body first: a meta file is only ever found beside its complete body.
      await writeAtomic(join(root, keys.body), letter.body);
      await writeAtomic(join(root, keys.meta), deadLetterMeta(letter));
      await syncDirs([join(root, keys.body)]);
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

/**
 * `mkdir -p`, walking up one level at a time. Not `mkdir(…, { recursive: true })`: on some
 * filesystems (under /proc, for one) Node's recursive mkdir never returns, and a sink pointed at a
 * mistyped path would hang the server, or a function's first callback, instead of failing.
 */
export async function makeDirectory(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    if (code !== 'ENOENT' || depth > 64 || dirname(dir) === dir) throw error;
    await makeDirectory(dirname(dir), depth + 1);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}
