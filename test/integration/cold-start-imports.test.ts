import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sinkKinds } from '../../lib/sinks/registry.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { stripDocAnnotations, tencentSeeds } from '../helpers/seeds.js';
import { useTempDir } from '../helpers/temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = useTempDir();
const pkg = JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/**
 * What a function configured with one sink must not load, from the registries: any other kind's
 * modules but the registration.js the registry lists, any kind's reader (tail.js) or dead-letter store
 * (dead-letters.js), any other vendor's modules but its registration and manifests, and any
 * dependency but zod and the ones the sink is allowed.
 */
function notNeeded(sink: string, allowedDependencies: readonly string[]): ((url: string) => boolean)[] {
  const otherKinds = sinkKinds()
    .filter((kind) => kind.name !== sink)
    .map((kind) => `/dist/lib/sinks/${kind.name}/`);
  const otherVendors = registeredVendors()
    .filter((vendor) => vendor.name !== 'tencent')
    .map((vendor) => `/dist/lib/vendors/${vendor.name}/`);
  const dependencies = Object.keys(pkg.dependencies)
    .filter((name) => name !== 'zod' && !allowedDependencies.includes(name))
    .map((name) => `/node_modules/${name}/`);
  return [
    ...otherKinds.map((dir) => (url: string) => url.includes(dir) && !url.endsWith(`${dir}registration.js`)),
    (url) => /\/dist\/lib\/sinks\/[^/]+\/(tail|dead-letters)\.js$/.test(url),
    // Another vendor's registration and manifests (its own and its sources': no zod) name it in the
    // wrong-endpoint hint; its schemas and normalizers must stay out.
    ...otherVendors.map(
      (dir) => (url: string) => url.includes(dir) && !url.endsWith(`${dir}registration.js`) && !/\/manifest\.js$/.test(url),
    ),
    ...dependencies.map((dir) => (url: string) => url.includes(dir)),
  ];
}

function loadedButNotNeeded(imports: readonly string[], sink: string, allowedDependencies: readonly string[] = []): string[] {
  const checks = notNeeded(sink, allowedDependencies);
  return imports.filter((url) => checks.some((check) => check(url)));
}

/** Loads the built Tencent function in a fresh node, answers one callback, and lists what it imported. */
function coldStart(env: Record<string, string>): { status: unknown; imports: string[] } {
  const dir = tempDir();
  const record = `${dir}/imports.txt`;
  const script = `
    const { main_handler } = await import(${JSON.stringify(pathToFileURL(resolve(repo, 'dist/functions/tencent.js')).href)});
    const answer = await main_handler({ httpMethod: 'POST', path: '/', headers: {}, queryString: {}, body: process.env.BODY }, {});
    process.stderr.write(JSON.stringify(answer.statusCode));`;
  const result = spawnSync(
    process.execPath,
    ['--import', resolve(repo, 'test/helpers/record-imports.mjs'), '--input-type=module', '-e', script],
    {
      env: {
        ...process.env,
        ...env,
        ALERTHOOK_RECORD_IMPORTS: record,
        ALERTHOOK_ALLOW_ANONYMOUS: '1',
        BODY: stripDocAnnotations(tencentSeeds().metric),
      },
      encoding: 'utf8',
    },
  );
  return { status: JSON.parse(result.stderr.trim().split('\n').pop() ?? 'null'), imports: readFileSync(record, 'utf8').trim().split('\n') };
}

describe('cold start imports', () => {
  it('with only the file sink, no other sink or vendor module, reader, dead-letter store or dependency but zod is loaded', () => {
    const { status, imports } = coldStart({ ALERTHOOK_SINK: `file://${tempDir()}` });
    expect(status).toBe(200);
    expect(imports.some((url) => url.endsWith('/sinks/file/sink.js'))).toBe(true);
    expect(loadedButNotNeeded(imports, 'file')).toEqual([]);
  });

  it('configuring the S3 sink loads its client, and still none of the others (so the check above can fail)', () => {
    const { imports } = coldStart({
      ALERTHOOK_SINK: 's3://bucket?endpoint=http://127.0.0.1:1&region=r',
      ALERTHOOK_S3_ACCESS_KEY_ID: 'k',
      ALERTHOOK_S3_SECRET_ACCESS_KEY: 's',
      ALERTHOOK_TIME_BUDGET_MS: '500',
    });
    expect(imports.some((url) => url.includes('/aws4fetch/'))).toBe(true);
    expect(imports.some((url) => url.endsWith('/sinks/s3/sink.js'))).toBe(true);
    expect(loadedButNotNeeded(imports, 's3', ['aws4fetch'])).toEqual([]);
  });
});
