import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { GroupCommit } from './group-commit.js';

// Node's callback file API, promisified: `fs/promises` is not in Node's startup snapshot (about
// 1.3 ms of a function's cold start to load), and its FileHandle objects cost more per call.
const open = promisify(fs.open);
const writeFile = promisify(fs.writeFile);
const fsync = promisify(fs.fsync);
const close = promisify(fs.close);
const rename = promisify(fs.rename);
const rm = promisify(fs.rm);
const mkdir = promisify(fs.mkdir);
const stat = promisify(fs.stat);

/**
 * Durable writes to a directory tree: each file is written to a temporary name beside its final
 * one, fsynced, and renamed over it; `syncDirectories` then makes the renames themselves durable.
 * A reader, or a crash, sees the old file or the new one, never part of one. Temporary names end in
 * `.tmp`, which readers skip. Directories already made are remembered for the life of the object.
 * Concurrent writers into one directory share its fsyncs (GroupCommit): each still waits for an
 * fsync that began after its own rename.
 */
export class AtomicFiles {
  readonly #made = new Set<string>();
  readonly #directorySyncs = new Map<string, GroupCommit>();

  async ensureDirectory(dir: string): Promise<void> {
    if (this.#made.has(dir)) return;
    await makeDirectory(dir);
    this.#made.add(dir);
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    await this.ensureDirectory(dirname(path));
    const { temp, fd } = await createTemporary(path);
    try {
      await writeFile(fd, data);
      await fsync(fd);
    } finally {
      await close(fd);
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

  /** fsyncs the directories holding these paths, once each, sharing each fsync with concurrent writers. */
  async syncDirectories(paths: readonly string[]): Promise<void> {
    await Promise.all([...new Set(paths.map((path) => dirname(path)))].map((dir) => this.#directorySync(dir).run()));
  }

  #directorySync(dir: string): GroupCommit {
    let sync = this.#directorySyncs.get(dir);
    if (sync === undefined) {
      sync = new GroupCommit(() => fsyncDirectory(dir));
      this.#directorySyncs.set(dir, sync);
    }
    return sync;
  }
}

/**
 * A new temporary file beside `path`, named by this process (its pid and a random tag chosen once)
 * and a counter: unique without a random draw per write, which cost more than the rest of the naming.
 * `wx` never reuses a name a crashed process left behind; on that rare clash, the next number.
 */
let temporaryTag: string | undefined;
let temporaryCounter = 0;
async function createTemporary(path: string): Promise<{ temp: string; fd: number }> {
  temporaryTag ??= `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  for (let attempt = 0; ; attempt++) {
    const temp = `${path}.${temporaryTag}${(temporaryCounter++).toString(36)}.tmp`;
    try {
      return { temp, fd: await open(temp, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fsync(fd);
  } finally {
    await close(fd);
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
