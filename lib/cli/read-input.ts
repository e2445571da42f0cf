import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { CliError } from './cli-error.js';

/** A file's bytes, or standard input's for `-`; a file that cannot be read is one line naming why. */
export async function readInput(path: string): Promise<Buffer> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${fileErrorReason(error)}`);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

/** The plain reason behind a filesystem error, without the syscall and path Node puts around it. */
export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && REASONS[code] !== undefined) return REASONS[code];
  return errorMessage(error);
}
