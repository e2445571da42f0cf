import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FunctionPlatform } from '../lib/function-platform.js';
import { envValue } from '../lib/env.js';
import { DeployError } from './deploy-error.js';
import { packageRoot } from '../lib/package-root.js';
import { codeCacheChecksum, loaderSource } from './code-cache-loader.js';

const repo = packageRoot();

/**
 * The node that makes the cache: ALERTHOOK_CODE_CACHE_NODE, the path of a node binary of the release
 * the platform runs (SCF's `Nodejs18.15` is never the deployer's Node 20, and only the V8 that made
 * a cache takes it), else the deployer's own.
 */
export function codeCacheNode(env: Readonly<Record<string, string | undefined>>): string {
  return envValue(env, 'ALERTHOOK_CODE_CACHE_NODE') ?? process.execPath;
}

export interface CodeCacheEntry {
  /** The bundle's folder; the entry's esbuild output is `<name>.bundle.js` there. */
  dir: string;
  /** The entry the platform loads: `index` (a handler) or `server` (a native runtime's command). */
  name: string;
  vendor: string;
  platform: FunctionPlatform;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Writes `<name>.bundle.cache`, made by a warm-up run of the bundle in a fresh node, and the
 * loader `<name>.js` that uses it. The child gets no NODE_OPTIONS or other flags, which would be
 * part of the cache's V8 flags hash, and nothing of this process's environment but PATH.
 */
/** How a message names the node: the setting when it came from one. */
function nodeNamed(node: string): string {
  return node === process.execPath ? `node ${node}` : `ALERTHOOK_CODE_CACHE_NODE=${node}`;
}

/** A child's stderr as one line: its first error message, else its last line. */
function firstError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return (lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

export async function addCodeCache(entry: CodeCacheEntry, node = codeCacheNode(process.env)): Promise<void> {
  const bundleFile = `${entry.name}.bundle.js`;
  const cacheFile = `${entry.name}.bundle.cache`;
  const sinkDir = await mkdtemp(join(tmpdir(), 'alerthook-warm-up-'));
  const makerFile = join(sinkDir, 'maker.json');
  let maker: { node: string; v8: string };
  try {
    const args = [
      join(repo, 'dist', 'deploy', 'code-cache-warmup.js'),
      join(entry.dir, bundleFile),
      join(entry.dir, cacheFile),
      join(repo, 'lib', 'vendors', entry.vendor),
      entry.platform,
      entry.name === 'server' ? 'server' : 'handler',
      makerFile,
    ];
    const env = {
      PATH: process.env.PATH ?? '',
      ALERTHOOK_TOKEN: randomBytes(16).toString('hex'),
      ALERTHOOK_SINK: `file://${sinkDir}`,
      PORT: String(await freePort()),
    };
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(node, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      child
        .on('error', (error: NodeJS.ErrnoException) =>
          reject(new DeployError(`${nodeNamed(node)}: cannot run it (${error.code ?? error.message})`)),
        )
        .on('close', (code) =>
          code === 0
            ? resolve(text)
            : reject(new DeployError(`code cache warm-up of ${bundleFile} by ${nodeNamed(node)} failed: ${firstError(text)}`)),
        );
    });
    if (stderr.trim() !== '') throw new DeployError(`code cache warm-up of ${bundleFile} complained: ${firstError(stderr)}`);
    maker = await readFile(makerFile, 'utf8').then(
      (text) => JSON.parse(text) as { node: string; v8: string },
      () => {
        throw new DeployError(`${nodeNamed(node)} ran the code cache warm-up but said nothing: is it a node?`);
      },
    );
  } finally {
    await rm(sinkDir, { recursive: true, force: true });
  }
  const [source, cache] = await Promise.all([readFile(join(entry.dir, bundleFile)), readFile(join(entry.dir, cacheFile))]);
  await writeFile(
    join(entry.dir, `${entry.name}.js`),
    loaderSource({
      bundleFile,
      cacheFile,
      v8: maker.v8,
      node: maker.node,
      cacheBytes: cache.length,
      checksum: codeCacheChecksum(source, cache),
    }),
  );
}

/** The Node release a runtime names (`Nodejs18.15` → 18.15, `native-node20/v1` → 20), as far as it says. */
function runtimeRelease(runtime: string): { major: string | undefined; minor: string | undefined } {
  const [major, minor] = /(\d+)(?:\.(\d+))?/.exec(runtime)?.slice(1) ?? [];
  return { major, minor };
}

/** Whether a runtime can take a cache made by Node `version` (`v20.20.2`): same major, and same minor where it names one. */
export function codeCacheTaken(runtime: string, version: string): boolean {
  const { major, minor } = runtimeRelease(runtime);
  const [makerMajor, makerMinor] = version.slice(1).split('.');
  return major !== undefined && major === makerMajor && (minor === undefined || minor === makerMinor);
}

/** A node binary's release (`v18.15.0`), asked of it; this process's own without asking. */
function releaseOf(node: string, env: Readonly<Record<string, string | undefined>>): string {
  if (node === process.execPath) return process.version;
  const asked = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8', env: { PATH: env.PATH ?? '' } });
  const version = asked.stdout?.trim() ?? '';
  if (asked.error !== undefined)
    throw new DeployError(`${nodeNamed(node)}: cannot run it (${(asked.error as NodeJS.ErrnoException).code ?? asked.error.message})`);
  if (asked.status !== 0 || !/^v\d+\.\d+\.\d+/.test(version))
    throw new DeployError(`${nodeNamed(node)}: it ran, but did not answer \`-p process.version\` as a node does`);
  return version;
}

/**
 * The node to make a function's code cache with, for its runtime: ALERTHOOK_CODE_CACHE_NODE where the
 * runtime names its release, else the deployer's own where it does; null when neither (the package
 * then has no cache, which the runtime could never take). One setting serves a shell that deploys
 * both clouds: a Node 18.15 for SCF leaves veFaaS its Node 20 cache.
 */
export function codeCacheNodeFor(runtime: string, env: Readonly<Record<string, string | undefined>>): string | null {
  const candidates = [codeCacheNode(env), process.execPath];
  return candidates.find((node) => codeCacheTaken(runtime, releaseOf(node, env))) ?? null;
}

/**
 * The deploy output's line about the package's code cache, for the function's runtime (`Nodejs18.15`
 * on SCF, `native-node20/v1` on veFaaS): whether it can be taken there, and what to do if not.
 */
export function codeCacheNote(runtime: string, maker: { node: string; v8: string } | null): string {
  const { major, minor } = runtimeRelease(runtime);
  const wanted = `a Node ${minor === undefined ? major : `${major}.${minor}`} binary`;
  if (maker === null)
    return `code cache:   none (${runtime} takes only one its own Node release made): for the faster cold start set ALERTHOOK_CODE_CACHE_NODE to ${wanted} and deploy again`;
  if (!codeCacheTaken(runtime, maker.node))
    return (
      `code cache:   made by Node ${maker.node}, which ${runtime} will not take: cold starts compile from source; for the ` +
      `faster start set ALERTHOOK_CODE_CACHE_NODE to ${wanted} and deploy again`
    );
  if (minor !== undefined)
    return `code cache:   made by Node ${maker.node} for ${runtime} (taken if the runtime's patch release is the same)`;
  return `code cache:   made by Node ${maker.node}; taken only if ${runtime} runs that very release (unconfirmed), else cold starts compile from source`;
}
