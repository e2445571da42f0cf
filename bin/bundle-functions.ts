import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { packageRoot as repoRoot } from '../lib/package-root.js';

/**
 * One deployable folder per function: `index.js` (the handler, minified CommonJS, which both SCF
 * and veFaaS load with require) and one file per sink beside it. The sink modules are left out of
 * index.js and loaded by `import()` only when configured, so a function reads from disk, parses
 * and runs only the sink it uses; `ALERTHOOK_SINK=file://…` never touches the SDK of another.
 */

const repo = repoRoot(import.meta.url);

/**
 * Each function's entry files: `index.js` exports the event handler (SCF, veFaaS `node20/v1`);
 * Volcengine's `server.js` is the command of a native runtime (`native-node20/v1`), an HTTP server.
 */
export const FUNCTIONS: readonly { name: string; entries: Readonly<Record<string, string>> }[] = [
  { name: 'tencent', entries: { index: 'functions/tencent.ts' } },
  { name: 'volcengine', entries: { index: 'functions/volcengine.ts', server: 'functions/volcengine-server.ts' } },
];
const SINK_MODULES = ['file-sink', 's3-sink', 'amqp-sink', 'kafka-sink', 'rocketmq-sink'] as const;
/** The oldest Node.js runtime offered for new functions on either platform that alerthook supports. */
export const NODE_TARGET = 'node18';

export interface BundleReport {
  function: string;
  dir: string;
  files: { name: string; bytes: number }[];
}

/** Keeps `import('./x-sink.js')` as a runtime import of the sibling file instead of inlining it. */
const sinksStaySeparate: Plugin = {
  name: 'sinks-stay-separate',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z]+-sink\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Bundles the named functions (all by default) into `outDir/<function>/`. */
export async function bundleFunctions(outDir = resolve(repo, '.bundle'), only?: readonly string[]): Promise<BundleReport[]> {
  await rm(outDir, { recursive: true, force: true });
  const reports: BundleReport[] = [];
  for (const { name: fn, entries } of FUNCTIONS.filter((f) => only === undefined || only.includes(f.name))) {
    const dir = join(outDir, fn);
    await mkdir(dir, { recursive: true });
    // `dynamic-import: false` turns the sinks' import() into require(): a CommonJS handler that kept
    // import() would start Node's ESM loader on its first callback (several ms of a cold start).
    const common = {
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: NODE_TARGET,
      supported: { 'dynamic-import': false },
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    } as const;
    await build({ ...common, entryPoints: Object.entries(entries).map(([out, source]) => ({ in: resolve(repo, source), out })), outdir: dir, plugins: [sinksStaySeparate] });
    await build({
      ...common,
      entryPoints: SINK_MODULES.map((name) => ({ in: resolve(repo, `lib/sinks/${name}.ts`), out: name })),
      outdir: dir,
    });
    // The folder is read as CommonJS wherever it lands, even inside this "type": "module" package.
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: `alerthook-${fn}`, private: true, type: 'commonjs', main: 'index.js' })}\n`);
    const files = await Promise.all((await readdir(dir)).sort().map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })));
    reports.push({ function: fn, dir, files });
  }
  return reports;
}

export function formatReport(reports: readonly BundleReport[]): string {
  return reports
    .map((r) => `${r.function}: ${r.dir}\n${r.files.map((f) => `  ${f.name.padEnd(18)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KiB`).join('\n')}`)
    .join('\n');
}
