import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundleFunctions } from '../../deploy/bundle-functions.js';
import { DeployError } from '../../deploy/deploy-error.js';
import { codeCacheChecksum, codeCacheMaker } from '../../deploy/code-cache-loader.js';
import { fuzzedBodies, vendorSamples } from '../helpers/sample-corpus.js';
import { stripDocAnnotations, tencentSeeds } from '../helpers/seeds.js';
import { closedPort } from '../helpers/closed-port.js';
import { start } from '../helpers/built-cli.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// Each function entry is a loader that runs its bundle with the V8 code cache made at bundle time
// (deploy/code-cache-loader.ts). A cache it cannot trust or V8 will not take must leave a function
// that answers as the bundle alone does, and a log line that says why.

const tempDir = useTempDir();
let outDir = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'alerthook-code-cache-'));
  await bundleFunctions(outDir);
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Run {
  answer: { statusCode: number; body: string };
  logs: Record<string, unknown>[];
  /** The events the file sink wrote, by path. */
  events: Record<string, string>;
}

/** One Function URL callback (a seed from the vendor's documents) to `file` in `dir`, in a fresh node. */
function callTencent(dir: string, file: string, nodeArgs: string[] = []): Run {
  const sink = tempDir();
  const script = `require(${JSON.stringify(join(dir, file))}).main_handler(JSON.parse(process.env.EVENT), { request_id: 'r-1' }).then((a) => process.stdout.write('\\n' + JSON.stringify(a)))`;
  const event = {
    httpMethod: 'POST',
    path: '/',
    headers: { token: 't' },
    queryString: {},
    body: stripDocAnnotations(tencentSeeds().metric),
  };
  const result = spawnSync(process.execPath, [...nodeArgs, '-e', script], {
    env: { PATH: process.env.PATH ?? '', ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${sink}`, EVENT: JSON.stringify(event) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`node exited ${result.status} ${result.signal}: ${result.stderr}`);
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '');
  const events = Object.fromEntries(listFiles(sink).map((path) => [path, readFileSync(join(sink, path), 'utf8')]));
  return { answer: JSON.parse(lines.at(-1) as string), logs: lines.slice(0, -1).map((line) => JSON.parse(line)), events };
}

const cacheNotUsed = (run: Run) => run.logs.filter((line) => line.msg === 'code cache not used');

/** The vendor's bodies, one after another, through `file` in one fresh node: the answers and the event files. */
function callMany(vendor: 'tencent' | 'volcengine', file: string, bodies: string[]) {
  const sink = tempDir();
  const exportName = vendor === 'tencent' ? 'main_handler' : 'handler';
  const events = bodies.map((body, i) =>
    vendor === 'tencent'
      ? { httpMethod: 'POST', path: '/', headers: { token: 't' }, queryString: {}, body, requestContext: { requestId: `r-${i}` } }
      : {
          httpMethod: 'POST',
          path: '/',
          headers: { token: 't', 'x-volc-trace-id': `r-${i}` },
          pathParameters: {},
          queryStringParameters: {},
          body,
        },
  );
  const script = `const f = require(${JSON.stringify(join(outDir, vendor, file))}).${exportName}; (async () => { const out = []; for (const e of JSON.parse(require('node:fs').readFileSync(process.env.EVENTS, 'utf8'))) { const a = await f(e, { request_id: 'r' }); out.push({ statusCode: a.statusCode, body: a.body }); } process.stdout.write('\\n' + JSON.stringify(out)); })()`;
  const eventsFile = join(tempDir(), 'events.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH ?? '', ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${sink}`, EVENTS: eventsFile },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`node exited ${result.status} ${result.signal}: ${result.stderr}`);
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '');
  const answers = (JSON.parse(lines.at(-1) as string) as { statusCode: number; body: string }[]).map((a) => {
    // The answer as the vendor reads it, less the request's own id.
    const { requestId: _, ...rest } = JSON.parse(a.body) as Record<string, unknown>;
    return { statusCode: a.statusCode, ...rest } as Record<string, unknown>;
  });
  const written = Object.fromEntries(
    listFiles(sink)
      .filter((path) => path.startsWith('events/'))
      .map((path) => [path, readFileSync(join(sink, path), 'utf8')]),
  );
  return { answers, events: written, logs: lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** A copy of the Tencent function folder, to spoil. */
function tencentCopy(): string {
  const dir = tempDir();
  cpSync(join(outDir, 'tencent'), dir, { recursive: true });
  return dir;
}

describe('function code cache', () => {
  it('with its cache, a function answers and writes exactly what its bundle compiled without one does', () => {
    const cached = callTencent(join(outDir, 'tencent'), 'index.js');
    const plain = callTencent(join(outDir, 'tencent'), 'index.bundle.js');
    expect(cacheNotUsed(cached)).toEqual([]);
    expect(cached.answer.statusCode).toBe(200);
    expect(cached.answer).toEqual(plain.answer);
    expect(Object.keys(cached.events)).toHaveLength(1);
    expect(cached.events).toEqual(plain.events);
  });

  it('over every sample of both vendors and 60 fuzzed bodies each, the cached function answers and writes what the bundle alone does', () => {
    for (const vendor of ['tencent', 'volcengine'] as const) {
      const bodies = [...vendorSamples(vendor), ...fuzzedBodies(vendorSamples(vendor), vendor === 'tencent' ? 21 : 22)];
      const cached = callMany(vendor, 'index.js', bodies);
      const plain = callMany(vendor, 'index.bundle.js', bodies);
      expect(cached.logs.filter((line) => line.msg === 'code cache not used')).toEqual([]);
      expect(cached.answers).toEqual(plain.answers);
      expect(cached.answers.filter((a) => a.status === 'accepted').length).toBeGreaterThanOrEqual(vendorSamples(vendor).length);
      expect(cached.answers.some((a) => a.status === 'dead-lettered')).toBe(true); // the fuzz reaches the refusals too
      expect(Object.keys(cached.events).length).toBeGreaterThan(vendorSamples(vendor).length);
      expect(cached.events).toEqual(plain.events);
    }
  }, 60_000);

  it('a cache with bytes flipped in its payload is not given to V8 (which would abort): the function answers as before', () => {
    const dir = tencentCopy();
    const cache = readFileSync(join(dir, 'index.bundle.cache'));
    // Past V8's header (magic, version, flags and source hashes, lengths), where V8 checks nothing.
    const middle = Math.floor(cache.length / 2);
    cache.set(
      cache.subarray(middle, middle + 16).map((byte) => byte ^ 0x5a),
      middle,
    );
    writeFileSync(join(dir, 'index.bundle.cache'), cache);
    const run = callTencent(dir, 'index.js');
    expect(run.answer).toEqual(callTencent(join(outDir, 'tencent'), 'index.js').answer);
    expect(cacheNotUsed(run)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/checksum/) })]);
  });

  it("another function's cache is refused the same way", () => {
    const dir = tencentCopy();
    cpSync(join(outDir, 'volcengine', 'index.bundle.cache'), join(dir, 'index.bundle.cache'));
    const run = callTencent(dir, 'index.js');
    expect(run.answer.statusCode).toBe(200);
    expect(cacheNotUsed(run)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/checksum/) })]);
  });

  it('a node with other V8 flags (as a platform may start it) has V8 reject the cache, and the function compiles its source', () => {
    const run = callTencent(join(outDir, 'tencent'), 'index.js', ['--max-old-space-size=200']);
    expect(run.answer.statusCode).toBe(200);
    expect(run.answer).toEqual(callTencent(join(outDir, 'tencent'), 'index.js').answer);
    expect(cacheNotUsed(run)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/V8 rejected/) })]);
  });

  it('without its cache file the function still answers', () => {
    const dir = tencentCopy();
    rmSync(join(dir, 'index.bundle.cache'));
    const run = callTencent(dir, 'index.js');
    expect(run.answer.statusCode).toBe(200);
    expect(cacheNotUsed(run)).toEqual([expect.objectContaining({ reason: 'cannot read it: ENOENT' })]);
  });

  it('an error inside the bundle names index.bundle.js at the same line and column as the bundle alone, cached or not', () => {
    const uncached = tencentCopy();
    rmSync(join(uncached, 'index.bundle.cache'));
    const frames = (file: string) => {
      const script = `require(${JSON.stringify(file)}).main_handler({ get httpMethod() { throw new Error('from the event') } }, {}).then(() => process.exit(1), (e) => process.stdout.write(e.stack))`;
      const result = spawnSync(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH ?? '', ALERTHOOK_TOKEN: 't' },
        encoding: 'utf8',
      });
      return result.stdout
        .split('\n')
        .filter((line) => line.includes('index.bundle.js'))
        .map((line) => line.replace(/[^ (]*\/index\.bundle\.js/, 'index.bundle.js'));
    };
    const alone = frames(join(outDir, 'tencent', 'index.bundle.js'));
    expect(alone[0]).toMatch(/\(index\.bundle\.js:\d+:\d+\)$/);
    expect(frames(join(outDir, 'tencent', 'index.js'))).toEqual(alone);
    expect(frames(join(uncached, 'index.js'))).toEqual(alone);
  });

  it("the Volcengine native runtime's server.js starts with its own cache", async () => {
    const server = start(process.execPath, [join(outDir, 'volcengine', 'server.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(await closedPort()), ALERTHOOK_TOKEN: 't', ALERTHOOK_SINK: `file://${tempDir()}` },
    });
    try {
      await server.waitFor('stdout', /"msg":"listening"/);
      expect(server.stdout).not.toContain('code cache not used');
    } finally {
      await server.stop();
    }
  });

  // The loader's checksum is hand-written WebAssembly (unrolled for speed): this is the definition
  // it must meet, written out plainly, on the shipped files and on arbitrary lengths.
  it("the loader's checksum is 64-bit FNV-1a over 8-byte words of the bundle, then the cache from a multiple of 4, zero-padded", () => {
    const plainFnv = (source: Uint8Array, cache: Uint8Array) => {
      const at = (source.length + 3) & ~3;
      const memory = new Uint8Array((at + cache.length + 31) & ~31);
      memory.set(source, 0);
      memory.set(cache, at);
      const view = new DataView(memory.buffer);
      let hash = 0xcbf29ce484222325n;
      for (let i = 0; i < memory.length; i += 8) hash = BigInt.asUintN(64, (hash ^ view.getBigUint64(i, true)) * 0x100000001b3n);
      return hash;
    };
    const dir = join(outDir, 'tencent');
    const [source, cache] = [readFileSync(join(dir, 'index.bundle.js')), readFileSync(join(dir, 'index.bundle.cache'))];
    expect(codeCacheChecksum(source, cache)).toBe(plainFnv(source, cache));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 300 }), (s, c) => {
        expect(codeCacheChecksum(s, c)).toBe(plainFnv(s, c));
      }),
    );
  });

  it('ALERTHOOK_CODE_CACHE_NODE makes the cache with the node it names, which the loader records', async () => {
    // A node that reports itself as the deployer's but runs with another V8 flag: the cache it
    // makes is one the plain node here rejects, which shows whose cache the bundle got.
    const wrapper = join(tempDir(), 'node-18');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --max-old-space-size=200 "$@"\n`, { mode: 0o755 });
    const other = mkdtempSync(join(tmpdir(), 'alerthook-code-cache-node-'));
    const before = process.env.ALERTHOOK_CODE_CACHE_NODE;
    process.env.ALERTHOOK_CODE_CACHE_NODE = wrapper;
    try {
      await bundleFunctions(other, ['tencent']);
    } finally {
      if (before === undefined) delete process.env.ALERTHOOK_CODE_CACHE_NODE;
      else process.env.ALERTHOOK_CODE_CACHE_NODE = before;
    }
    try {
      const loader = readFileSync(join(other, 'tencent', 'index.js'), 'utf8');
      expect(codeCacheMaker(loader)).toEqual({ node: process.version, v8: process.versions.v8 });
      const plain = callTencent(join(other, 'tencent'), 'index.js');
      expect(plain.answer.statusCode).toBe(200);
      expect(cacheNotUsed(plain)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/V8 rejected it/) })]);
      // The node it was made for takes it.
      expect(cacheNotUsed(callTencent(join(other, 'tencent'), 'index.js', ['--max-old-space-size=200']))).toEqual([]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('ALERTHOOK_CODE_CACHE_NODE naming nothing runnable, or not a node, is one line naming the setting', async () => {
    const notNode = join(tempDir(), 'not-node');
    writeFileSync(notNode, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    for (const [node, message] of [
      ['/nonexistent/bin/node', /^ALERTHOOK_CODE_CACHE_NODE=\/nonexistent\/bin\/node: cannot run it \(ENOENT\)$/],
      [notNode, /^ALERTHOOK_CODE_CACHE_NODE=.*not-node ran the code cache warm-up but said nothing: is it a node\?$/],
    ] as const) {
      const before = process.env.ALERTHOOK_CODE_CACHE_NODE;
      process.env.ALERTHOOK_CODE_CACHE_NODE = node;
      const other = mkdtempSync(join(tmpdir(), 'alerthook-code-cache-node-'));
      try {
        await expect(bundleFunctions(other, ['tencent'])).rejects.toThrow(message);
        await expect(bundleFunctions(other, ['tencent'])).rejects.toBeInstanceOf(DeployError);
      } finally {
        if (before === undefined) delete process.env.ALERTHOOK_CODE_CACHE_NODE;
        else process.env.ALERTHOOK_CODE_CACHE_NODE = before;
        rmSync(other, { recursive: true, force: true });
      }
    }
  }, 60_000);
});
