import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CorpusBody } from './corpus.js';

/** A built function bundle's `handler`, as the platform calls it. */
export type FunctionHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/**
 * A warm instance of a built function bundle configured by `env`, beside others in the same process:
 * an instance reads its configuration once, on its first call, so each gets a copy of the bundle
 * (its own module state, under `scratch`) and is called once while `env` is in place.
 */
export async function functionInstance(
  bundleDir: string,
  scratch: string,
  env: Record<string, string>,
  first: unknown,
): Promise<FunctionHandler> {
  const copy = mkdtempSync(join(scratch, 'bundle-'));
  cpSync(bundleDir, copy, { recursive: true });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { handler } = createRequire(import.meta.url)(join(copy, 'index.js')) as { handler: FunctionHandler };
    await handler(first, {});
    return handler;
  } finally {
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/**
 * `count` callbacks of distinct alerts (the Metric sample with its resource renamed, and moved in
 * time): a backlog of an outage in which many alerts fired, so a redrive batches them as it would.
 */
export function distinctAlerts(template: CorpusBody, count: number): CorpusBody[] {
  const value = JSON.parse(template.bytes.toString('utf8')) as { Resources: { Id: string; FirstAlertTime: number }[] };
  const first = value.Resources[0] as { Id: string; FirstAlertTime: number };
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    name: `${template.name} ${i}`,
    bytes: Buffer.from(
      JSON.stringify({ ...value, Resources: [{ ...first, Id: `${first.Id}-${i}`, FirstAlertTime: first.FirstAlertTime + i }] }),
    ),
  }));
}
