import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';

// The shape of the code, checked from the sources: what may import what, and no circles. Imports are
// read as written (static, type-only, re-exports and import() alike), so a circle through types counts.

const ROOT = packageRoot();
const SOURCE_DIRS = ['lib', 'deploy', 'bin', 'bench'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const FILES = SOURCE_DIRS.flatMap(sources);

/** file → the repository files it imports (relative specifiers only; packages are not ours). */
const GRAPH = new Map(
  FILES.map((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.[^']+)'/g)].map((m) => m[1] as string);
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

/** Layers and what each may not reach: the core never imports an adapter. */
const FORBIDDEN: [from: RegExp, to: RegExp, why: string][] = [
  [/^lib\/(event|json|time|auth)\//, /^lib\/(pipeline|sinks|vendors|transports|runtime|server|cli|replay)\//, 'the contract and small helpers stand alone'],
  [/^lib\/pipeline\//, /^lib\/(transports|runtime|server|cli|replay)\//, 'the pipeline knows no transport or runtime'],
  [/^lib\/sinks\//, /^lib\/(pipeline|vendors|transports|runtime|server|cli|replay)\//, 'sinks store events; they do not make them'],
  [/^lib\/transports\//, /^lib\/(runtime|server|cli|vendors|sinks)\//, 'transports only translate requests'],
  [/^lib\/vendors\/(?!.*\/(function|server)\.ts$)/, /^lib\/(runtime|server|cli|transports|sinks|replay)\//, 'a vendor is its payload; only its function entries meet a runtime'],
  [/^lib\//, /^(deploy|bin|bench|test)\//, 'the library imports no tooling'],
  [/^bench\//, /^test\//, 'the bench runs on a clone without the tests\' inputs'],
  [/^deploy\//, /^bin\//, 'deploy is a library for the plugin, not a script'],
];

describe('layout', () => {
  it('has no import circles, type-only imports included', () => {
    expect(cycles().map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps each layer from importing the ones above it', () => {
    const violations = [...GRAPH].flatMap(([file, targets]) =>
      FORBIDDEN.flatMap(([from, to, why]) => (from.test(file) ? targets.filter((target) => to.test(target)).map((target) => `${file} → ${target}: ${why}`) : [])),
    );
    expect(violations).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = FILES.filter((file) => !file.startsWith('lib/event/vendor-names')).map((file) => [file, readFileSync(join(ROOT, file), 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('reads what it claims to read (so the checks above can fail)', () => {
    expect(FILES.length).toBeGreaterThan(60);
    expect(GRAPH.get('lib/sinks/kinds.ts')).toEqual(expect.arrayContaining(['lib/sinks/file/index.ts', 'lib/sinks/s3/index.ts']));
    expect(GRAPH.get('lib/sinks/file/index.ts')).toEqual(expect.arrayContaining(['lib/sinks/file/sink.ts']));
  });
});
