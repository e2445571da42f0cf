import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, type BundleReport } from '../../bin/bundle-functions.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
let reports: BundleReport[] = [];
let outDir = '';

beforeAll(async () => {
  outDir = (await import('node:fs')).mkdtempSync('/tmp/alerthook-bundles-');
  reports = await bundleFunctions(outDir);
}, 60_000);

/** Requires a bundle in a fresh node, as the platforms do, and answers one callback. */
function invoke(dir: string, exportName: string, event: unknown, env: Record<string, string>) {
  const script = `require(${JSON.stringify(join(dir, 'index.js'))}).${exportName}(JSON.parse(process.env.EVENT), {}).then((a) => process.stdout.write('\\n' + JSON.stringify(a)))`;
  const result = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env, EVENT: JSON.stringify(event) }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  // The function's own log lines come first; the answer is the last line.
  const lines = result.stdout.trim().split('\n');
  expect(lines.slice(0, -1).every((line) => line === '' || JSON.parse(line).msg !== undefined)).toBe(true);
  return JSON.parse(lines.at(-1) as string);
}

describe('function bundles', () => {
  it('each function is one index.js plus one file per sink, marked CommonJS', () => {
    for (const report of reports) {
      expect(report.files.map((f) => f.name)).toEqual(['amqp-sink.js', 'file-sink.js', 'index.js', 'kafka-sink.js', 'package.json', 'rocketmq-sink.js', 's3-sink.js']);
      expect(JSON.parse(readFileSync(join(report.dir, 'package.json'), 'utf8')).type).toBe('commonjs');
    }
  });

  it('the Tencent bundle answers a Function URL callback and writes through its file-sink.js', () => {
    const dir = tempDir();
    const answer = invoke(join(outDir, 'tencent'), 'main_handler', { httpMethod: 'POST', path: '/', headers: { token: 't' }, queryString: {}, body: stripDocAnnotations(tencentSeeds().metric) }, { ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${dir}` });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', retCode: 0 });
    expect(listFiles(dir)).toHaveLength(1);
  });

  it('the Volcengine bundle answers an API gateway callback', () => {
    const dir = tempDir();
    const event = { httpMethod: 'POST', path: '/', pathParameters: {}, queryStringParameters: {}, headers: { Token: 't' }, body: volcengineSeeds().Metric };
    const answer = invoke(join(outDir, 'volcengine'), 'handler', event, { ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${dir}` });
    expect(answer.statusCode).toBe(200);
    expect(listFiles(dir)).toHaveLength(1);
  });

  it('each function bundle holds its own vendor only', () => {
    const tencent = readFileSync(join(outDir, 'tencent', 'index.js'), 'utf8');
    const volcengine = readFileSync(join(outDir, 'volcengine', 'index.js'), 'utf8');
    expect(tencent).toContain('tencentcloud/monitor');
    expect(tencent).not.toContain('volcengine/cloudmonitor');
    expect(volcengine).toContain('volcengine/cloudmonitor');
    expect(volcengine).not.toContain('tencentcloud/monitor');
  });
});
