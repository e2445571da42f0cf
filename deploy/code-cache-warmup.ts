import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { FunctionPlatform } from '../lib/function-platform.js';
import { WRAPPER_HEAD, WRAPPER_LINE_OFFSET, WRAPPER_TAIL } from './code-cache-loader.js';

/**
 * Run by deploy/code-cache.ts in a fresh node (argv: bundle, cache, vendor folder, platform,
 * `handler` or `server`, where to say which node it was): loads one function bundle exactly as its loader will, answers a probe and
 * every sample of the vendor (each of its sources') as the platform would send them, and only then
 * writes the script's code cache, which so holds the bytecode of every function those callbacks
 * ran, not just the top level. The environment (a throwaway token, a file sink in a temporary
 * folder, PORT) comes from the parent.
 */

type Answer = { statusCode: number; body?: string };
type Handler = (event: unknown, context: unknown) => Promise<Answer>;

const [bundleFile, cacheFile, vendorDir, platform, kind, makerFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  FunctionPlatform,
  string,
  string,
];
const token = process.env.ALERTHOOK_TOKEN as string;

function samples(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return samples(path);
    return entry.name.endsWith('.json') && dir.endsWith('samples') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The platform's event for a callback (a probe without a body). */
function platformEvent(body: string | undefined): unknown {
  const base = { httpMethod: body === undefined ? 'GET' : 'POST', path: '/', headers: { token }, ...(body === undefined ? {} : { body }) };
  return platform === 'scf' ? { ...base, queryString: {} } : { ...base, pathParameters: {}, queryStringParameters: {} };
}

function post(body: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(
      { host: '127.0.0.1', port: Number(process.env.PORT), method: body === undefined ? 'GET' : 'POST', path: '/', headers: { token } },
      (response) => response.resume().on('end', () => resolve({ statusCode: response.statusCode ?? 0 })),
    );
    call.on('error', reject).end(body);
  });
}

/** The native runtime's server listens shortly after it is loaded. */
async function postWhenListening(body: string | undefined): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await post(body);
    } catch (error) {
      if (attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const script = new Script(WRAPPER_HEAD + readFileSync(bundleFile, 'utf8') + WRAPPER_TAIL, {
  filename: bundleFile,
  lineOffset: WRAPPER_LINE_OFFSET,
});
const module = { exports: {} as { handler?: Handler } };
script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
const context = { request_id: 'code-cache-warm-up', requestId: 'code-cache-warm-up' };
for (const body of [undefined, ...samples(vendorDir)]) {
  const answer =
    kind === 'server' ? await postWhenListening(body) : await (module.exports.handler as Handler)(platformEvent(body), context);
  if (answer.statusCode !== 200)
    throw new Error(`warm-up callback answered ${answer.statusCode} ${answer.body ?? ''} to ${body?.slice(0, 200) ?? 'a probe'}`);
}
writeFileSync(cacheFile, script.createCachedData());
// Which node this is (ALERTHOOK_CODE_CACHE_NODE may name another than the deployer's): only its V8 takes the cache.
writeFileSync(makerFile, JSON.stringify({ node: process.version, v8: process.versions.v8 }));
// A native runtime's server is still listening.
process.exit(0);
