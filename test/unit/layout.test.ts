import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';
import { registeredVendors } from '../../lib/vendors/registry.js';

// The shape of the code, checked from the sources: which layer may import which, and no circles.
// Imports are read as written (static, type-only, re-exports and import() alike, in any quotes), so
// a circle through types counts.

const ROOT = packageRoot();
const SOURCE_DIRS = ['lib', 'functions', 'deploy', 'bin', 'bench'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const FILES = SOURCE_DIRS.flatMap(sources);

/** The relative specifiers a source imports, whatever their quotes. Packages are not ours. */
function importSpecifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"`])(\.[^'"`]+)\1/g)].map((m) => m[2] as string);
}

/** file → the repository files it imports. */
const GRAPH = new Map(
  FILES.map((file) => {
    const specifiers = importSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
    const targets = specifiers.map((specifier) => relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts'));
    return [file, [...new Set(targets)]];
  }),
);

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of GRAPH.get(file) ?? []) {
      if (!GRAPH.has(next)) continue;
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of GRAPH.keys()) if (!state.has(file)) visit(file);
  return found;
}

/**
 * Every source file is in exactly one layer, by its folder. `base` is lib/'s own root files (config,
 * log, errors, env, …) with the contract and the small helpers; `package` is the package's public
 * surface, lib/index.ts, which re-exports from any layer.
 */
type Layer =
  | 'base'
  | 'vendors'
  | 'sinks'
  | 'pipeline'
  | 'transports'
  | 'runtime'
  | 'server'
  | 'replay'
  | 'redrive'
  | 'cli'
  | 'package'
  | 'functions'
  | 'deploy'
  | 'bin'
  | 'bench';

function layerOf(file: string): Layer {
  if (file === 'lib/index.ts') return 'package';
  const [top, second] = file.split('/');
  if (top !== 'lib') return top as Layer;
  if (second === undefined || second.endsWith('.ts') || ['event', 'json', 'time', 'auth', 'types'].includes(second)) return 'base';
  return second as Layer;
}

const LIB: readonly Layer[] = ['base', 'vendors', 'sinks', 'pipeline', 'transports', 'redrive', 'runtime', 'server', 'replay', 'cli'];

/** What each layer may import besides itself: the core never imports an adapter, and nothing imports functions/. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  base: [],
  vendors: ['base'],
  sinks: ['base', 'pipeline'],
  pipeline: ['base', 'vendors'],
  transports: ['base', 'pipeline'],
  // Redrive (deferred letters from the fallback store into the sink) is shared by the functions,
  // the local server and the CLI, so it sits below all three, over what replay also uses.
  redrive: ['base', 'vendors', 'sinks', 'pipeline'],
  runtime: ['base', 'vendors', 'sinks', 'pipeline', 'transports', 'redrive'],
  server: ['base', 'vendors', 'sinks', 'pipeline', 'transports', 'redrive'],
  replay: ['base', 'vendors', 'sinks', 'pipeline'],
  cli: ['base', 'vendors', 'sinks', 'pipeline', 'transports', 'server', 'replay', 'redrive'],
  package: LIB,
  functions: ['runtime', 'vendors'],
  deploy: ['base', 'vendors', 'sinks'],
  bin: [...LIB, 'deploy'],
  bench: [...LIB, 'deploy'],
};

/** Narrower rules inside a layer's allowance: which files of another layer are its port. */
const ONLY_THROUGH: readonly [from: Layer, to: Layer, files: RegExp, why: string][] = [
  ['sinks', 'pipeline', /^lib\/pipeline\/delivery\.ts$/, 'a sink sees the pipeline only through its output port (delivery.ts)'],
  [
    'transports',
    'pipeline',
    /^lib\/pipeline\/(callback|http-answers)\.ts$/,
    'a transport sees the pipeline only through its input port (callback.ts)',
  ],
  [
    'pipeline',
    'vendors',
    /^lib\/vendors\/(?!registry\.ts$|vendors\.ts$)/,
    'the pipeline is given its vendors; it reads no global registry',
  ],
];

function violations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  return [...graph].flatMap(([file, targets]) => {
    const from = layerOf(file);
    return targets.flatMap((target) => {
      const to = layerOf(target);
      if (to === from) return [];
      if (!MAY_IMPORT[from].includes(to))
        return [`${file} → ${target}: ${from} may import only ${MAY_IMPORT[from].join(', ') || 'itself'}`];
      const narrower = ONLY_THROUGH.find(([f, t, files]) => f === from && t === to && !files.test(target));
      return narrower === undefined ? [] : [`${file} → ${target}: ${narrower[3]}`];
    });
  });
}

describe('layout', () => {
  it('has no import circles, type-only imports included', () => {
    expect(cycles().map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps each layer from importing the ones above it', () => {
    expect(violations(GRAPH)).toEqual([]);
  });

  it('catches an upward import, whatever its quotes (so the check above can fail)', () => {
    expect(
      importSpecifiers(`import { a } from "../sinks/x.js";\nimport type { b } from '../c.js';\nconst d = await import(\`./e.js\`);`),
    ).toEqual(['../sinks/x.js', '../c.js', './e.js']);
    const upward = new Map([
      ['lib/config.ts', ['lib/vendors/registry.ts']],
      ['lib/pipeline/decode-callback.ts', ['lib/vendors/registry.ts', 'lib/vendors/vendor.ts']],
      ['lib/vendors/tencent/function.ts', ['lib/runtime/function-handler.ts']],
      ['lib/sinks/file/sink.ts', ['lib/pipeline/receive-callback.ts']],
      ['lib/runtime/http-function.ts', ['lib/server/local-server.ts']],
      ['deploy/platforms.ts', ['lib/runtime/http-function.ts']],
      ['lib/cli/serve.ts', ['functions/tencent.ts']],
    ]);
    expect(violations(upward)).toHaveLength(7);
  });

  it('puts every source file in a layer it knows', () => {
    expect(FILES.filter((file) => !(layerOf(file) in MAY_IMPORT))).toEqual([]);
  });

  it('keeps every hand-written source file under 300 lines', () => {
    // Generated code (the vendor enum, the compiled validators) is as long as its schema makes it.
    const long = FILES.filter((file) => !file.startsWith('lib/event/vendor-names') && !file.endsWith('.compiled.ts'))
      .map((file) => [file, readFileSync(join(ROOT, file), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('reads what it claims to read', () => {
    expect(FILES.length).toBeGreaterThan(60);
    expect(GRAPH.get('lib/sinks/kinds.ts')).toEqual(
      expect.arrayContaining(['lib/sinks/file/registration.ts', 'lib/sinks/s3/registration.ts']),
    );
    expect(GRAPH.get('functions/tencent.ts')).toEqual(['lib/runtime/function-handler.ts', 'lib/vendors/tencent/provider.ts']);
  });
});

describe('functions/', () => {
  const entries = registeredVendors().flatMap((vendor) => Object.values(vendor.entries).map((file) => `functions/${file}`));

  it("holds exactly the entries the vendors' manifests name, and each exists", () => {
    expect(entries.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
    expect(sources('functions').sort()).toEqual([...entries].sort());
  });

  it('keeps each entry a few lines that compose a vendor with its runtime', () => {
    for (const file of entries) {
      const code = readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
      expect(code.length, file).toBeLessThanOrEqual(6);
      expect(code.join('\n'), file).not.toMatch(/'scf'|'vefaas'|PLATFORM_TRIGGERS/);
    }
  });
});
