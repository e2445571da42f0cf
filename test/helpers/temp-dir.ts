import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh directory per test, removed afterwards. */
export function useTempDir(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-test-'));
    made.push(dir);
    return dir;
  };
}

/** Every file below `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}

/** The files a reader takes (README: readers skip `*.tmp`): what a test may read while writes are under way. */
export function listStoredFiles(dir: string): string[] {
  return listFiles(dir).filter((file) => !file.endsWith('.tmp'));
}
