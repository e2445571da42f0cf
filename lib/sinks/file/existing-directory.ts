import { stat } from 'node:fs/promises';
import { fileSinkDirectory } from './sink.js';

/**
 * The directory a file URL names, for reading it (tail, replay): an error says it is missing or not
 * a directory. Apart from sink.ts, so that the function's sink chunk does not load fs/promises.
 */
export async function existingDirectory(url: string): Promise<string> {
  const directory = fileSinkDirectory(url);
  const found = await stat(directory).catch(() => null);
  if (found === null) throw new Error(`no such directory: ${directory}`);
  if (!found.isDirectory()) throw new Error(`not a directory: ${directory}`);
  return directory;
}
