import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/** A fixed timestamp: the same bundle always zips to the same bytes, so redeploys are comparable. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

/** Every file of a bundle folder (flat) in one zip, index.js at the root as both platforms expect. */
export async function zipFolder(dir: string): Promise<Uint8Array> {
  const files: Zippable = {};
  for (const name of (await readdir(dir)).sort()) files[name] = [await readFile(join(dir, name)), { mtime: EPOCH, level: 9 }];
  return zipSync(files);
}
