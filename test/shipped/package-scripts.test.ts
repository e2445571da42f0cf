import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, start } from '../helpers/built-cli.js';

// Every script in package.json is run, here or by .ci/run, so none can rot unnoticed (`npm run schema`
// once pointed at a file that was never built). A script added without a line below fails this test.

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ciRun = readFileSync(join(REPO, '.ci', 'run'), 'utf8');

/** Where each script is run. */
const RUN_BY: Record<string, string> = {
  prepare: '.ci/run: npm ci runs it',
  test: '.ci/run: npm test',
  build: 'npm test: its first step',
  typecheck: 'npm test: its second step',
  start: 'readme-commands.test.ts: npm start, then the curl it prints',
  prestart: 'npm start runs it first',
  schema: 'this file',
  bundle: 'this file',
  bench: 'this file, --quick',
};

function npm(args: string[]) {
  return start('npm', args).exit(180_000);
}

describe('package.json scripts', () => {
  it('each one is accounted for, and the claims about .ci/run and npm test hold', () => {
    expect(Object.keys(pkg.scripts).sort()).toEqual(Object.keys(RUN_BY).sort());
    expect(ciRun).toMatch(/^npm ci\b/m);
    expect(ciRun).toMatch(/^npm test$/m);
    expect(pkg.scripts.test).toMatch(/^npm run build && npm run typecheck && /);
    expect(pkg.scripts.prestart).toBeDefined();
  });

  it('npm run schema writes the same JSON Schema as the one committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-schema-'));
    try {
      const result = await npm(['run', 'schema', '--', join(dir, 'schema.json')]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(REPO, 'schema', 'alert-event.v1.json'), 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run bundle builds one deployable folder per function and prints their sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-bundle-'));
    try {
      const result = await npm(['run', 'bundle', '--', dir]);
      expect(result.code, result.stderr).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['tencent', 'volcengine']);
      expect(result.stdout).toMatch(/index\.js\s+[\d.]+ KiB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run bench -- --quick --json measures every figure of the five groups against its target', async () => {
    const result = await npm(['run', 'bench', '--', '--quick', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as {
      rows: { group: number; figure: string; ours: number; reference: number | null; referenceLabel: string; ratio: number | null; target: string; pass: boolean | null }[];
      notes: string[];
      sinkChunks: string[];
    };
    const figures = (group: number) => report.rows.filter((row) => row.group === group).map((row) => row.figure);
    expect(figures(1)).toEqual(expect.arrayContaining(['s3 callback p50 (ms)', 's3 callback p99 (ms)']));
    // RabbitMQ is measured when one answers, and otherwise the report says it was skipped.
    if (!figures(1).includes('amqp callback p50 (ms)')) expect(report.notes.join('\n')).toMatch(/amqp: skipped/);
    expect(figures(2).filter((figure) => !figure.includes('for scale'))).toEqual([expect.stringMatching(/^10 concurrent/), expect.stringMatching(/^50 concurrent/)]);
    // One pipeline row per source; each bundle's cold start in instructions (when valgrind is installed), CPU and wall time.
    expect(figures(3).sort()).toEqual([expect.stringMatching(/^tencent: /), expect.stringMatching(/^volcengine: /)]);
    for (const fn of ['tencent', 'volcengine']) {
      const measured = figures(4).filter((figure) => figure.startsWith(`${fn}: `));
      const counted = measured.some((figure) => figure.includes('instructions'));
      if (!counted) expect(report.notes.join('\n')).toMatch(new RegExp(`cold start, ${fn}: instruction count skipped`));
      expect(measured).toHaveLength(counted ? 3 : 2);
    }
    expect(figures(5)).toEqual([expect.stringMatching(/^bundle tencent/), expect.stringMatching(/^bundle volcengine/), expect.stringMatching(/^memory/)]);
    for (const row of report.rows) {
      expect(Number.isFinite(row.ours), row.figure).toBe(true);
      expect(row.target).not.toBe('');
      // A figure with a target passes or misses; one given for scale only says so.
      expect(row.pass === null ? row.target : typeof row.pass, row.figure).toBe(row.pass === null ? 'information' : 'boolean');
      // A reference says what it is; a ratio is ours over that reference, or absent.
      if (row.reference !== null) expect(row.referenceLabel, row.figure).not.toBe('');
      if (row.ratio !== null) expect(row.ratio, row.figure).toBeCloseTo(row.ours / (row.reference as number), 6);
    }
    expect(report.sinkChunks.length).toBeGreaterThan(0);
    for (const chunk of report.sinkChunks) expect(chunk).toMatch(/^[a-z0-9]+ [\d.]+ KB$/);
    // Progress lines in the order they are numbered.
    const steps = [...result.stderr.matchAll(/^(\d+)\/(\d+) /gm)].map((m) => Number(m[1]));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    // Four callgrind runs (a bundle and its floor, twice) take most of the three minutes.
  }, 180_000);
});
