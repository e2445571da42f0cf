import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh directory per test on tmpfs where the machine has one (else the temp dir), removed afterwards. */
export function useScratchDir(): () => string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(base, 'alerthook-scratch-'));
    made.push(dir);
    return dir;
  };
}
