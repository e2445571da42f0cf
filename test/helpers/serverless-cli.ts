import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO, start } from './built-cli.js';

/** Secrets the deploy tests hand the CLI: none may ever appear in its output. */
export const SECRETS = {
  TENCENTCLOUD_SECRET_KEY: 'tc-secret-KEY-9x',
  VOLCENGINE_SECRET_KEY: 'volc-secret-KEY-7y',
  ALERTHOOK_TOKEN: 'callback-secret-3z',
};

/**
 * Runs the real `serverless` CLI (osls) in a service directory, as `npx serverless` does, with a
 * clean environment plus `env`. Asynchronously: the API stand-ins answer from this process. The
 * stand-ins move on per read, not with time, so the deploy polls them every 5 ms, not every 50.
 */
export async function serverless(
  args: string[],
  env: Record<string, string>,
  serviceDir = REPO,
): Promise<{ code: number | null; output: string }> {
  const run = await start(process.execPath, [join(REPO, 'node_modules/osls/bin/serverless.js'), ...args], {
    cwd: serviceDir,
    env: { SLS_TELEMETRY_DISABLED: '1', ALERTHOOK_TEST_DEPLOY_POLL_MS: '5', ...env },
  }).exit(120_000);
  const output = run.stdout + run.stderr;
  for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  return { code: run.code, output };
}

/**
 * A service directory of its own, with the repository's serverless.yml changed by `edit`: how a user
 * picks another runtime. It links the built plugin (dist/) and writes its own .serverless/.
 */
export function serviceWith(edit: (yml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'alerthook-service-'));
  symlinkSync(join(REPO, 'dist'), join(dir, 'dist'));
  const yml = edit(readFileSync(join(REPO, 'serverless.yml'), 'utf8'));
  writeFileSync(join(dir, 'serverless.yml'), yml);
  return dir;
}
