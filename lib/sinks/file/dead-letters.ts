import { readFile, readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AtomicFiles, makeDirectory } from './atomic-files.js';
import { deadLetterRefs, parseDeadLetterMeta, serializeDeadLetterMeta, type LetterShelf } from '../object-layout.js';
import type { DeadLetter, DeadLetterMeta } from '../../pipeline/delivery.js';
import type { DeadLetterRef, DeadLetterStore } from '../sink.js';
import { existingDirectory } from './existing-directory.js';
import { fileSinkDirectory, writeLetterFiles } from './sink.js';

async function madeDirectory(url: string): Promise<string> {
  const root = fileSinkDirectory(url);
  await makeDirectory(root);
  return root;
}

/**
 * Dead letters in a directory the file sink wrote. Marking one replayed writes its meta under
 * `replayed/` (atomically), moves its body there with a rename, makes both durable, and only then
 * removes the old meta: a crash leaves the letter where it was (and a second replay gives the same
 * event ids), never lost.
 */
export async function fileDeadLetterStore(url: string, shelf: LetterShelf = 'dead-letter'): Promise<DeadLetterStore> {
  // A fallback store is written to before anything else may have made its directory.
  const root = shelf === 'deferred' ? await madeDirectory(url) : await existingDirectory(url);
  const files = new AtomicFiles();
  const path = (letter: DeadLetterRef, extension: 'body' | 'json', under = '') =>
    join(root, under, shelf, letter.vendor, `${letter.id}.${extension}`);
  return {
    description: `file://${root}`,
    async list(vendor) {
      const base = join(root, shelf, ...(vendor === undefined ? [] : [vendor]));
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      return deadLetterRefs(
        entries
          .filter((entry) => entry.isFile())
          .map((entry) =>
            relative(root, join(entry.parentPath ?? base, entry.name))
              .split(sep)
              .join('/'),
          ),
        shelf,
      );
    },
    async readMeta(letter) {
      return parseDeadLetterMeta(await readFile(path(letter, 'json')).catch(() => null));
    },
    readBody(letter) {
      return readFile(path(letter, 'body'));
    },
    async markReplayed(letter, meta: DeadLetterMeta) {
      const movedBody = path(letter, 'body', 'replayed');
      const movedMeta = path(letter, 'json', 'replayed');
      await files.write(movedMeta, serializeDeadLetterMeta(meta));
      await files.move(path(letter, 'body'), movedBody);
      await files.syncDirectories([movedMeta, path(letter, 'body')]);
      await rm(path(letter, 'json'), { force: true });
    },
    write: (letter: DeadLetter) => writeLetterFiles(files, root, letter, shelf),
  };
}
