import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './built-cli.js';

/**
 * A copy of the repository in a fresh directory, to run the README's commands in as a new user
 * would: what they write (./data, .bundle/, .serverless/) lands there, and what a user left in the
 * working tree cannot change what they print. The copy leaves out what .gitignore names, since
 * that is the working tree's own state, except dist/ (built by `npm test` just before; copied with
 * its timestamps, so `npm start`'s `tsc -b` finds it up to date). node_modules is linked, not
 * copied: `npm install` is what CI has just done.
 */
const LEFT_OUT = new Set(['.git', 'node_modules', 'data', 'coverage', '.bundle', '.serverless']);

export interface ScratchCopy {
  dir: string;
  remove(): void;
}

export function scratchCopy(): ScratchCopy {
  const dir = mkdtempSync(join(tmpdir(), 'alerthook-readme-'));
  for (const entry of readdirSync(REPO, { withFileTypes: true })) {
    if (LEFT_OUT.has(entry.name) || entry.name.endsWith('.tgz')) continue;
    cpSync(join(REPO, entry.name), join(dir, entry.name), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
