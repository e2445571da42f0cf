import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeRegExp } from '../../lib/escape-regexp.js';
import { packageRoot } from '../../lib/package-root.js';

// The README and CONTRIBUTING name files and folders of this repository; a renamed or removed one
// must not linger there. And the README's Layout block must describe the tree as it is.

const ROOT = packageRoot();
const DOCS = ['README.md', 'CONTRIBUTING.md'];
/** What a path named in the docs starts with; dist/, data/ and the like are made by running things. */
const TOP = ['lib', 'functions', 'deploy', 'bin', 'bench', 'schema', 'test', '.ci'];
const ROOT_FILES = ['serverless.yml', 'package.json', 'tsconfig.json', 'biome.json', 'vitest.config.ts', 'README.md', 'CONTRIBUTING.md'];

/** Every repository path a text names: `lib/…`, `functions/…`, …, and the root files, wherever they stand. */
function namedPaths(text: string): string[] {
  const tops = TOP.map((top) => top.replace('.', '\\.')).join('|');
  const paths = [...text.matchAll(new RegExp(`(?<![\\w./<-])((?:${tops})/[\\w./<>*{},-]*)`, 'g'))].map((m) =>
    (m[1] as string).replace(/[.,;:)]+$/, ''),
  );
  const files = [...text.matchAll(/(?<![\w./-])([\w.-]+\.(?:yml|json|ts|md))(?![\w/-])/g)]
    .map((m) => m[1] as string)
    .filter((name) => ROOT_FILES.includes(name));
  return [...new Set([...paths, ...files])];
}

/** Whether a named path exists; `<name>`, `*` and `{a,b}` stand for any entry of their folder. */
function exists(path: string, base = ROOT): boolean {
  const [head, ...rest] = path.split('/').filter((part, i, all) => part !== '' || i < all.length - 1);
  if (head === undefined || head === '') return true;
  const wildcard = /<[^>]+>|\*|\{/.test(head);
  const candidates = wildcard
    ? (statSync(base).isDirectory() ? readdirSync(base) : []).filter((entry) => matchesPart(head, entry))
    : [head];
  return candidates.some(
    (entry) =>
      existsSync(join(base, entry)) &&
      (rest.length === 0 || (statSync(join(base, entry)).isDirectory() && exists(rest.join('/'), join(base, entry)))),
  );
}

function matchesPart(pattern: string, entry: string): boolean {
  const source = pattern
    .split(/(<[^>]+>|\*|\{[^}]*\})/)
    .map((part) =>
      part.startsWith('<') || part === '*'
        ? '[^/]+'
        : part.startsWith('{')
          ? `(?:${part.slice(1, -1).split(',').map(escapeRegExp).join('|')})`
          : escapeRegExp(part),
    )
    .join('');
  return new RegExp(`^${source}$`).test(entry);
}

/** The README's Layout block: each folder it describes, with the file names said on its lines. */
function layoutBlock(): { folder: string; files: string[] }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Layout'));
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  const described: { folder: string; files: string[] }[] = [];
  let parents: string[] = [];
  let current: string[] = [];
  for (const line of block.split('\n')) {
    const heading = /^(\s*)((?:[\w.-]+\/ ?)+?)(?:\s{2,}|$)(.*)$/.exec(line);
    let rest = line;
    if (heading !== null && !(heading[1] !== '' && heading[2]?.trim() === '')) {
      const folders = (heading[2] as string).trim().split(/\s+/);
      if (heading[1] === '') parents = current = folders.map((folder) => folder.replace(/\/$/, ''));
      else current = parents.flatMap((parent) => folders.map((folder) => `${parent}/${folder.replace(/\/$/, '')}`));
      rest = heading[3] ?? '';
    }
    const files = [...rest.matchAll(/(?<![\w./-])([\w-]+(?:\.[\w-]+)*\.(?:ts|js|mjs|json))\b/g)].map((m) => m[1] as string);
    for (const folder of current) described.push({ folder, files });
  }
  return described;
}

function findFile(dir: string, name: string): boolean {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true }).some((entry) => entry.name === name);
}

describe('the docs', () => {
  for (const doc of DOCS) {
    it(`${doc} names only paths that exist`, () => {
      const named = namedPaths(readFileSync(join(ROOT, doc), 'utf8'));
      expect(named.length).toBeGreaterThan(5);
      expect(named.filter((path) => !exists(path))).toEqual([]);
    });
  }

  it('the README Layout names every folder of lib/, every vendor and sink folder, and every file of lib/ itself', () => {
    const described = layoutBlock();
    const folders = new Set(described.map((entry) => entry.folder));
    const tree = [
      ...['functions', 'lib', 'deploy', 'bin', 'schema', 'bench', 'test'],
      ...readdirSync(join(ROOT, 'lib'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `lib/${e.name}`),
      ...['vendors', 'sinks'].flatMap((group) =>
        readdirSync(join(ROOT, 'lib', group), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `lib/${group}/${e.name}`),
      ),
    ];
    expect(tree.filter((folder) => !folders.has(folder))).toEqual([]);
    const rootFiles = readdirSync(join(ROOT, 'lib')).filter((name) => name.endsWith('.ts'));
    const saidOfLib = new Set(described.filter((entry) => entry.folder === 'lib').flatMap((entry) => entry.files));
    expect(rootFiles.filter((name) => !saidOfLib.has(name))).toEqual([]);
  });

  it('the README Layout lists only files that are in the folder it puts them in', () => {
    const wrong = layoutBlock().flatMap(({ folder, files }) =>
      existsSync(join(ROOT, folder))
        ? files.filter((name) => !findFile(folder, name)).map((name) => `${folder}: ${name}`)
        : [`${folder}: no such folder`],
    );
    expect(wrong).toEqual([]);
  });

  it('can fail: a missing path, a stale Layout line', () => {
    expect(namedPaths('see `lib/vendors/registry.ts` and functions/tencent.ts, then serverless.yml.')).toEqual([
      'lib/vendors/registry.ts',
      'functions/tencent.ts',
      'serverless.yml',
    ]);
    expect(exists('lib/vendors/<name>/manifest.ts')).toBe(true);
    expect(exists('lib/sinks/{file,s3}/registration.ts')).toBe(true);
    expect(exists('functions/tencent.ts')).toBe(true);
    expect(exists('lib/vendors/tencent/function.ts')).toBe(false);
    expect(exists('lib/vendors/<name>/index.ts')).toBe(false);
    expect(exists('test/shipped/deploy-<cloud>.test.ts')).toBe(true);
    expect(exists('test/shipped/deploy-<cloud>.spec.ts')).toBe(false);
    expect(findFile('lib/server', 'http-receiver.ts')).toBe(false);
  });
});
