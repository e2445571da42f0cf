import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pause } from '../../time/pause.js';
import type { OnEvent, TailOptions } from '../sink.js';
import { existingDirectory } from './existing-directory.js';

/**
 * Polls `DIR/events/` for new `<id>.json` files (temporary `.tmp` files are never read). DIR must
 * exist (the file sink creates it when it opens); `events/` appears with the first event.
 */
export async function tailFiles(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const directory = await existingDirectory(url);
  const root = join(directory, 'events');
  const seen = new Set<string>();
  let first = true;
  while (!options.signal.aborted) {
    const files = (await listJson(root)).sort();
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (first && !options.fromStart) continue;
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text !== null) onEvent(text.trim());
    }
    // Ready only once what was already there is known: an event written after this is printed.
    if (first) options.onReady?.(`file://${directory}`);
    first = false;
    await pause(options.pollMs ?? 500, options.signal);
  }
}

async function listJson(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath ?? (e as { path?: string }).path ?? dir, e.name));
}
