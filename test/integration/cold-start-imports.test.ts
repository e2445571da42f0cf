import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripDocAnnotations, tencentSeeds } from '../helpers/seeds.js';
import { useTempDir } from '../helpers/temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = useTempDir();
// Each sink's writer, and every sink's reader and dead-letter store: a function needs none of them but its own writer.
const SINK_MODULES = ['/sinks/s3/sink.js', '/sinks/kafka/sink.js', '/sinks/amqp/sink.js', '/sinks/rocketmq/sink.js', '/tail.js', '/dead-letters.js', '/sinks/s3/bucket.js'];
const SINK_SDKS = ['/aws4fetch/', '/kafkajs/', '/kafkajs-snappy/', '/lz4js/', '/amqplib/', '/@volcengine/'];

/** Loads the built Tencent function in a fresh node, answers one callback, and lists what it imported. */
function coldStart(env: Record<string, string>): { status: unknown; imports: string[] } {
  const dir = tempDir();
  const record = `${dir}/imports.txt`;
  const script = `
    const { main_handler } = await import(${JSON.stringify(pathToFileURL(resolve(repo, 'dist/functions/tencent.js')).href)});
    const answer = await main_handler({ httpMethod: 'POST', path: '/', headers: {}, queryString: {}, body: process.env.BODY }, {});
    process.stderr.write(JSON.stringify(answer.statusCode));`;
  const result = spawnSync(process.execPath, ['--import', resolve(repo, 'test/helpers/record-imports.mjs'), '--input-type=module', '-e', script], {
    env: { ...process.env, ...env, ALERTHOOK_RECORD_IMPORTS: record, ALERTHOOK_ALLOW_ANONYMOUS: '1', BODY: stripDocAnnotations(tencentSeeds().metric) },
    encoding: 'utf8',
  });
  return { status: JSON.parse(result.stderr.trim().split('\n').pop() ?? 'null'), imports: readFileSync(record, 'utf8').trim().split('\n') };
}

describe('cold start imports', () => {
  it('with only the file sink, no other sink module or client library is loaded', () => {
    const { status, imports } = coldStart({ ALERTHOOK_SINK: `file://${tempDir()}` });
    expect(status).toBe(200);
    expect(imports.some((url) => url.endsWith('/sinks/file/sink.js'))).toBe(true);
    for (const name of [...SINK_MODULES, ...SINK_SDKS]) expect(imports.filter((url) => url.includes(name))).toEqual([]);
  });

  it('configuring the S3 sink loads its client, and still none of the others (so the check above can fail)', () => {
    const { imports } = coldStart({
      ALERTHOOK_SINK: 's3://bucket?endpoint=http://127.0.0.1:1&region=r',
      ALERTHOOK_S3_ACCESS_KEY_ID: 'k',
      ALERTHOOK_S3_SECRET_ACCESS_KEY: 's',
      ALERTHOOK_TIME_BUDGET_MS: '500',
    });
    expect(imports.some((url) => url.includes('/aws4fetch/'))).toBe(true);
    for (const name of ['/kafkajs/', '/amqplib/', '/@volcengine/']) expect(imports.filter((url) => url.includes(name))).toEqual([]);
  });
});
