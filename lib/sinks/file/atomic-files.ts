import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Durable writes to a directory tree: each file is written to a temporary name beside its final
 * one, fsynced, and renamed over it; `syncDirectories` then makes the renames themselves durable.
 * A reader, or a crash, sees the old file or the new one, never part of one. Temporary names end in
 * `.tmp`, which readers skip. Directories already made are remembered for the life of the object.
 */
export class AtomicFiles {
  readonly #made = new Set<string>();

  async ensureDirectory(dir: string): Promise<void> {
    if (this.#made.has(dir)) return;
    await makeDirectory(dir);
    this.#made.add(dir);
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    await this.ensureDirectory(dirname(path));
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

  /** Moves a file, making the target's directory first; atomic within one filesystem. */
  async move(from: string, to: string): Promise<void> {
    await this.ensureDirectory(dirname(to));
    await rename(from, to);
  }

  /** fsyncs the directories holding these paths, once each. */
  async syncDirectories(paths: readonly string[]): Promise<void> {
    await Promise.all(
      [...new Set(paths.map((path) => dirname(path)))].map(async (dir) => {
        const handle = await open(dir, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    );
  }
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
