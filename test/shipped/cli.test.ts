import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// The CLI runs as users run it: the built bin, in a child process (`npm test` builds first).
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(repo, 'bin/alerthook.js');
const tempDir = useTempDir();

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, cwd: repo });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('alerthook normalize', () => {
  it('prints the events of a Volcengine sample read from a file, detecting the vendor', () => {
    const dir = tempDir();
    writeFileSync(`${dir}/body.json`, volcengineSeeds().Metric);
    const { code, stdout } = cli(['normalize', `${dir}/body.json`]);
    expect(code).toBe(0);
    const events = JSON.parse(stdout);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ vendor: 'volcengine', kind: 'metric', status: 'firing' });
  });

  it('reads stdin with -, detects Tencent, and honours --header', () => {
    const tencent = cli(['normalize', '-'], stripDocAnnotations(tencentSeeds().event));
    expect(JSON.parse(tencent.stdout)[0].data.vendor).toBe('tencent');
    const withHeader = cli(['normalize', '--vendor', 'volcengine', '--header', 'X-Volc-Trace-Id: t-42', '-'], volcengineSeeds().Metric);
    expect(JSON.parse(withHeader.stdout)[0].data.delivery.traceId).toBe('t-42');
  });

  it('gives the same events as the server would store (same ids)', () => {
    const a = JSON.parse(cli(['normalize', '-'], volcengineSeeds().NoDataRecovered).stdout);
    const b = JSON.parse(cli(['normalize', '--vendor', 'volcengine', '-'], volcengineSeeds().NoDataRecovered).stdout);
    expect(a[0].id).toBe(b[0].id);
  });

  it.each([
    ['not JSON', ['normalize', '-'], 'nope', 1, /not valid JSON/],
    ['an unknown vendor body', ['normalize', '-'], '{"hello": "world"}', 1, /cannot tell the vendor/],
    ['an invalid alarm', ['normalize', '--vendor', 'tencent', '-'], '{"alarmStatus": 7}', 1, /not a valid tencent callback: alarmStatus/],
    ['an unknown vendor name', ['normalize', '--vendor', 'aws', '-'], '{}', 2, /unknown vendor "aws"/],
    ['a missing file', ['normalize', '/nonexistent/x.json'], undefined, 1, /cannot read/],
    ['a bad --header', ['normalize', '--header', 'nocolon', '-'], '{}', 2, /--header takes/],
    ['an unknown flag', ['normalize', '--bogus', '-'], '{}', 2, /bogus/],
    ['an unknown command', ['frobnicate'], undefined, 2, /unknown command/],
  ])('exits non-zero with one line and no stack for %s', (_, args, input, code, message) => {
    const result = cli(args, input);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')[0]).toMatch(/^alerthook: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});

describe('alerthook schema', () => {
  it('prints the committed JSON Schema', () => {
    expect(JSON.parse(cli(['schema']).stdout)).toEqual(JSON.parse(readFileSync(resolve(repo, 'schema/alert-event.v1.json'), 'utf8')));
  });
});

describe('alerthook serve (what npm start runs)', () => {
  it('prints a curl that, pasted into a shell, leaves a normalized event on disk', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: repo, env: { ...process.env, ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_TOKEN: '' } });
    try {
      let banner = '';
      const curl = await new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no curl line within 10 s:\n${banner}`)), 10_000);
        child.stderr.on('data', (chunk: Buffer) => {
          banner += chunk.toString();
          const line = banner.split('\n').find((l) => l.trim().startsWith('curl '));
          if (line) {
            clearTimeout(timer);
            resolvePromise(line.trim());
          }
        });
      });
      expect(banner).toMatch(/WARNING: ALERTHOOK_TOKEN is not set/);
      expect(banner).toContain(`events go to file://${dir}`);
      const run = spawnSync('sh', ['-c', curl], { cwd: repo, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'accepted', events: 1 });
      const files = listFiles(dir);
      expect(files).toHaveLength(1);
      expect(JSON.parse(readFileSync(`${dir}/${files[0]}`, 'utf8')).data.delivery.traceId).toBe('demo-1');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a bad port with one line', () => {
    const result = cli(['serve', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^alerthook: port must be/);
  });
});
