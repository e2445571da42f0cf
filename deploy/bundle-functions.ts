import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { addCodeCache, codeCacheNode as codeCacheNodeOf } from './code-cache.js';
import { escapeRegExp } from '../lib/escape-regexp.js';
import { packageRoot } from '../lib/package-root.js';
import { sinkKinds } from '../lib/sinks/registry.js';
import { registeredVendors } from '../lib/vendors/registry.js';

/**
 * One deployable folder per vendor: its entries from its manifest (`index.js`, the handler, minified
 * CommonJS, which both SCF and veFaaS load with require; Volcengine's `server.js` for a native
 * runtime) and one `<sink>-sink.js` per registered sink kind beside them. Each entry is a loader
 * that runs its bundle, `<entry>.bundle.js`, with a V8 code cache (deploy/code-cache-loader.ts).
 * The sink modules are left
 * out of the entries and loaded by `import()` only when configured, so a function reads from disk,
 * parses and runs only the sink it uses; `ALERTHOOK_SINK=file://…` never touches the SDK of another.
 */

const repo = packageRoot();
/** The oldest Node.js runtime offered for new functions on either platform that alerthook supports. */
export const NODE_TARGET = 'node18';

export interface BundleReport {
  function: string;
  dir: string;
  files: { name: string; bytes: number }[];
}

const SINK_REGISTRATION = new RegExp(
  `${escapeRegExp(`${sep}lib${sep}sinks${sep}`)}([^${escapeRegExp(sep)}]+)${escapeRegExp(`${sep}registration.ts`)}$`,
);
const VENDOR_REGISTRATION = new RegExp(
  `${escapeRegExp(`${sep}lib${sep}vendors${sep}`)}([^${escapeRegExp(sep)}]+)${escapeRegExp(`${sep}registration.ts`)}$`,
);

/**
 * The registries load their parts with `import()`. In a function bundle a sink's writer stays a
 * sibling chunk (`<name>-sink.js`), and so does its dead-letter store (`<name>-dead-letters.js`):
 * a function opens it as the fallback store (ALERTHOOK_FALLBACK) when its sink fails. Its reader
 * (`tail`), which a function never calls, and every other vendor's provider, which it never
 * loads, stay out.
 */
const BUNDLED_PARTS = new Set(['./sink.js', './dead-letters.js']);

function registryParts(vendor: string): Plugin {
  return {
    name: 'alerthook-registry-parts',
    setup(b) {
      b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const sink = SINK_REGISTRATION.exec(args.importer)?.[1];
        if (sink !== undefined)
          return {
            path: BUNDLED_PARTS.has(args.path) ? `./${sink}-${args.path.slice(2)}` : `./not-bundled/${sink}-${args.path.slice(2)}`,
            external: true,
          };
        const other = VENDOR_REGISTRATION.exec(args.importer)?.[1];
        if (other !== undefined && other !== vendor) return { path: `./not-bundled/${other}-provider.js`, external: true };
        return undefined;
      });
    },
  };
}

/**
 * Bundles the named vendors' functions (all by default) into `outDir/<vendor>/`. Each entry is a
 * loader with its bundle and V8 code cache (code-cache.ts), unless `codeCache` says no for the
 * vendor (deploy, when the function's runtime could not take the cache): then the entry is the bundle.
 */
export async function bundleFunctions(
  outDir = resolve(repo, '.bundle'),
  only?: readonly string[],
  /** The node to make a vendor's code cache with (default ALERTHOOK_CODE_CACHE_NODE, else this one); null for none. */
  codeCacheNode: (vendor: string) => string | null = () => codeCacheNodeOf(process.env),
): Promise<BundleReport[]> {
  await rm(outDir, { recursive: true, force: true });
  const reports: BundleReport[] = [];
  for (const vendor of registeredVendors().filter((v) => only === undefined || only.includes(v.name))) {
    const dir = join(outDir, vendor.name);
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
    const cacheMaker = codeCacheNode(vendor.name);
    const cached = cacheMaker !== null;
    await build({
      ...common,
      entryPoints: Object.entries(vendor.entries).map(([out, source]) => ({
        in: resolve(repo, 'functions', source),
        out: cached ? `${out}.bundle` : out,
      })),
      outdir: dir,
      plugins: [registryParts(vendor.name)],
    });
    await build({
      ...common,
      entryPoints: sinkKinds().flatMap((kind) => [
        { in: resolve(repo, 'lib', 'sinks', kind.name, 'sink.ts'), out: `${kind.name}-sink` },
        ...(kind.openDeadLetterStore === undefined
          ? []
          : [{ in: resolve(repo, 'lib', 'sinks', kind.name, 'dead-letters.ts'), out: `${kind.name}-dead-letters` }]),
      ]),
      outdir: dir,
    });
    // The folder is read as CommonJS wherever it lands, even inside this "type": "module" package.
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: `alerthook-${vendor.name}`, private: true, type: 'commonjs', main: 'index.js' })}\n`,
    );
    // After package.json, as the platform will see the folder; one after the other: each warm-up is a
    // node process, and a deploy shares its machine.
    if (cached)
      for (const name of Object.keys(vendor.entries))
        await addCodeCache({ dir, name, vendor: vendor.name, platform: vendor.platform }, cacheMaker);
    const files = await Promise.all((await readdir(dir)).sort().map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })));
    reports.push({ function: vendor.name, dir, files });
  }
  return reports;
}

export function formatReport(reports: readonly BundleReport[]): string {
  return reports
    .map(
      (r) =>
        `${r.function}: ${r.dir}\n${r.files.map((f) => `  ${f.name.padEnd(18)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KiB`).join('\n')}`,
    )
    .join('\n');
}
