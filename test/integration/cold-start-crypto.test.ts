import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { useTempDir } from '../helpers/temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const built = (path: string) => JSON.stringify(pathToFileURL(resolve(repo, 'dist', path)).href);
const tempDir = useTempDir();

/**
 * node:crypto is not in Node's start-up snapshot, and loading it was an eighth of what a function
 * added to a bare node's cold start (bench group 4). A vendor's function entry (functions/, as built)
 * answers its first callback, authenticated, in a fresh node; the modules it imported are listed.
 */
function firstCallback(vendor: 'tencent' | 'volcengine', body: string): { status: unknown; imports: string[] } {
  const record = `${tempDir()}/imports.txt`;
  const script = `
    const { handler } = await import(${built(`functions/${vendor}.js`)});
    const event = { httpMethod: 'POST', path: '/', headers: { token: 't0ken' }, queryString: {}, queryStringParameters: {}, pathParameters: {}, body: process.env.BODY };
    const answer = await handler(event, { request_id: 'r-1', requestId: 'r-1' });
    process.stderr.write(JSON.stringify(answer.statusCode));`;
  const result = spawnSync(
    process.execPath,
    ['--import', resolve(repo, 'test/helpers/record-imports.mjs'), '--input-type=module', '-e', script],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ALERTHOOK_RECORD_IMPORTS: record,
        ALERTHOOK_TOKEN: 't0ken',
        ALERTHOOK_SINK: `file://${tempDir()}`,
        BODY: body,
      },
      encoding: 'utf8',
    },
  );
  return { status: JSON.parse(result.stderr.trim().split('\n').pop() ?? 'null'), imports: readFileSync(record, 'utf8').trim().split('\n') };
}

describe('a function does not load node:crypto for its first callback', () => {
  it.each([
    ['tencent', () => stripDocAnnotations(tencentSeeds().metric)],
    ['volcengine', () => stripDocAnnotations(volcengineSeeds().Metric)],
  ] as const)('%s', (vendor, body) => {
    const { status, imports } = firstCallback(vendor, body());
    expect(status).toBe(200);
    // The listing works: the file sink's module is in it, and node: built-ins are listed by name.
    expect(imports.some((url) => url.endsWith('/sinks/file/sink.js'))).toBe(true);
    expect(imports).toContain('node:fs');
    expect(imports.filter((url) => url.includes('crypto'))).toEqual([]);
  });
});
