import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sinkKinds } from '../../lib/sinks/registry.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { npm, REPO, start } from '../helpers/built-cli.js';
import { scratchCopy } from '../helpers/scratch-copy.js';

// Every script in package.json is run, here or by .ci/run, so none can rot unnoticed (`npm run schema`
// once pointed at a file that was never built). A script added without a line below fails this test.

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ciRun = readFileSync(join(REPO, '.ci', 'run'), 'utf8');

/** Where each script is run. */
const RUN_BY: Record<string, string> = {
  prepare: '.ci/run: npm ci runs it',
  test: '.ci/run: npm test',
  build: 'npm test: its first step',
  lint: 'npm test: its second step; this file, against a misformatted copy',
  format: 'this file: it fixes what lint refused',
  typecheck: 'npm test: its third step',
  'test:fast': 'this file: the fast project holds the unit tests and none that start a process',
  start: 'readme-commands.test.ts: npm start, then the curl it prints',
  prestart: 'npm start runs it first',
  schema: 'this file',
  bundle: 'this file',
  bench: 'bench-script.test.ts, --quick',
};

/** The commands `npm ARGS` runs, in order, through a shell that writes each one down instead of running it. */
async function commandsRunBy(args: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'alerthook-script-shell-'));
  try {
    const shell = join(dir, 'record.sh');
    writeFileSync(shell, `#!/bin/sh\n# npm runs each script as: SHELL -c COMMAND\nprintf '%s\\n' "$2" >> '${join(dir, 'commands')}'\n`, {
      mode: 0o755,
    });
    const result = await npm([...args, `--script-shell=${shell}`]);
    expect(result.code, result.stderr).toBe(0);
    return readFileSync(join(dir, 'commands'), 'utf8').trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const vendorNames = registeredVendors().map((vendor) => vendor.name);

describe('package.json scripts', () => {
  it('each one is accounted for, and the claims about .ci/run and npm test hold', () => {
    expect(Object.keys(pkg.scripts).sort()).toEqual(Object.keys(RUN_BY).sort());
    expect(ciRun).toMatch(/^npm ci\b/m);
    expect(ciRun).toMatch(/^npm test$/m);
    expect(pkg.scripts.test).toMatch(/^npm run build && npm run lint && npm run typecheck && vitest run$/);
    // npm ci builds dist/ as npm run build does; schema, bundle and bench run what is in dist/, so build it first.
    expect(pkg.scripts.prepare).toBe(pkg.scripts.build);
    for (const name of ['schema', 'bundle', 'bench']) expect(pkg.scripts[name]?.split(' && node dist/')[0], name).toBe(pkg.scripts.build);
  });

  it('npm run lint refuses a misformatted file and a lint finding; npm run format fixes the first', async () => {
    const copy = scratchCopy();
    try {
      expect((await npm(['run', 'lint'], copy.dir)).code).toBe(0);
      writeFileSync(join(copy.dir, 'lib', 'misformatted.ts'), 'export const  spaced = { a:1 }\n');
      const refused = await npm(['run', 'lint'], copy.dir);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(/misformatted\.ts/);
      expect((await npm(['run', 'format'], copy.dir)).code).toBe(0);
      expect(readFileSync(join(copy.dir, 'lib', 'misformatted.ts'), 'utf8')).toBe('export const spaced = { a: 1 };\n');
      expect((await npm(['run', 'lint'], copy.dir)).code).toBe(0);
      writeFileSync(join(copy.dir, 'lib', 'lint-finding.ts'), 'export function f(x: any): any {\n  return x;\n}\n');
      const finding = await npm(['run', 'lint'], copy.dir);
      expect(finding.code).not.toBe(0);
      expect(finding.stdout + finding.stderr).toMatch(/noExplicitAny/);
    } finally {
      copy.remove();
    }
  });

  it('npm run test:fast runs the unit tests and none of those that start a process, a broker or a build', async () => {
    const listed = await start('npx', ['vitest', 'list', '--project', 'fast', '--filesOnly'], { cwd: REPO }).exit(60_000);
    const files = listed.stdout
      .split('\n')
      .map((line) => line.replace(/^\[fast\]\s*/, '').trim())
      .filter((line) => line.endsWith('.test.ts'));
    const units = readdirSync(join(REPO, 'test', 'unit'))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => `test/unit/${name}`);
    expect(files).toEqual(expect.arrayContaining(units));
    for (const file of files) {
      expect(file, file).toMatch(/^test\/(unit|integration)\//);
      expect(readFileSync(join(REPO, file), 'utf8'), file).not.toMatch(
        /from 'node:child_process'|helpers\/(broker|alertmanager|built-cli)\.js/,
      );
    }
    expect(files).not.toContain('test/integration/amqp-sink.test.ts');
    expect(files).not.toContain('test/integration/cold-start-imports.test.ts');
    expect(pkg.scripts['test:fast']).toBe('vitest run --project fast');
  });

  it('npm start builds first, as npm run build does, then serves (README: "builds (if needed)")', async () => {
    expect(await commandsRunBy(['start'])).toEqual([pkg.scripts.build, pkg.scripts.start]);
  });

  it('npm run schema writes the same JSON Schema as the one committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-schema-'));
    try {
      const result = await npm(['run', 'schema', '--', join(dir, 'schema.json')]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8'))).toEqual(
        JSON.parse(readFileSync(join(REPO, 'schema', 'alert-event.v1.json'), 'utf8')),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run bundle builds one deployable folder per function and prints their sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerthook-bundle-'));
    try {
      const result = await npm(['run', 'bundle', '--', dir]);
      expect(result.code, result.stderr).toBe(0);
      const report: Record<string, string[][]> = Object.fromEntries(
        result.stdout
          .trim()
          .split(/\n(?=\S)/)
          .map((section) => {
            const [head, ...lines] = section.split('\n');
            return [head, lines.map((line) => line.trim().split(/\s+/))];
          }),
      );
      expect(readdirSync(dir).sort()).toEqual([...vendorNames].sort());
      // Each: its manifest's entries (each a loader, its bundle and the bundle's code cache), one chunk
      // per sink kind (loaded only when configured), one per store that can be the fallback, and its
      // package.json.
      const sinkChunks = sinkKinds().flatMap((kind) => [
        `${kind.name}-sink.js`,
        ...(kind.openDeadLetterStore === undefined ? [] : [`${kind.name}-dead-letters.js`]),
      ]);
      const entryFiles = (entry: string) => [`${entry}.js`, `${entry}.bundle.js`, `${entry}.bundle.cache`];
      for (const vendor of registeredVendors()) {
        const files = [...Object.keys(vendor.entries).flatMap(entryFiles), ...sinkChunks, 'package.json'];
        expect(readdirSync(join(dir, vendor.name)).sort(), vendor.name).toEqual(files.sort());
        // The report: a line naming the folder, then each of its files and its size.
        const listed = report[`${vendor.name}: ${join(dir, vendor.name)}`] ?? [];
        expect(listed.map(([file]) => file).sort(), vendor.name).toEqual(files.sort());
        for (const [file, size, unit] of listed) expect(`${size} ${unit}`, `${vendor.name}/${file}`).toMatch(/^\d+\.\d KiB$/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
