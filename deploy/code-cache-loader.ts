/**
 * A function's entry (`index.js`, `server.js`) is a small loader: it compiles the esbuild bundle
 * beside it (`<entry>.bundle.js`) with the V8 code cache made when it was bundled
 * (`<entry>.bundle.cache`), so that a cold start deserializes the bytecode of the functions a
 * callback runs instead of parsing and compiling them (about 40 M of a cold start's ~180 M
 * instructions; README "Performance").
 *
 * V8 checks a cache's header (its V8 version, its flags, the source's length) but, in release
 * builds, not its payload: a cache with one flipped byte aborts the process in the deserializer.
 * So the loader checks the bytes itself first, with a checksum over the bundle and the cache
 * computed by a tiny WebAssembly function (~0.9 M instructions, where node:crypto's load alone is
 * ~20 M and node:v8, which could switch V8's own checksum on, ~8 M). Any mismatch, a node whose V8
 * is not the bundler's, or V8 rejecting the cache (other flags): the bundle is compiled from its
 * source as without a cache, and one log line says why.
 */

/** Node's CommonJS wrapper, its head on a line of its own, so that `lineOffset: -1` keeps the bundle's positions. */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
export const WRAPPER_TAIL = '\n})';
/** The cache carries its script's line offset: the warm-up must compile with the loader's. */
export const WRAPPER_LINE_OFFSET = -1;

// The checksum: 64-bit FNV-1a over 64-bit little-endian words of memory[0, n), n a multiple of 32,
// four words per turn of the loop. (32-bit words one per turn, as first written, cost ~1.7 M
// instructions on a 320 KB bundle and cache, and used up Liftoff's tiering budget, roughly bytes of
// wasm run, so V8 also compiled the loop with TurboFan in the background, ~0.6 M more; README
// "Performance".) This loop stays under the budget up to ~470 KB of bundle and cache (320–335 KB
// now); past it V8 tiers it up again, which costs time, never correctness.
// (func (export "h") (param $n i32) (result i64) (local $i i32) (local $h i64)
//   (local.set $h (i64.const 0xcbf29ce484222325))
//   (block (br_if 0 (i32.eqz (local.get $n)))
//     (loop (local.set $h (local.get $h)
//             ;; four times, at offset=0, 8, 16, 24:
//             (i64.mul (i64.xor (i64.load offset=… (local.get $i))) (i64.const 0x100000001b3)))
//           (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 32))) (local.get $n)))))
//   (local.get $h))
// and (memory (export "m") 1). Each step is a bijection of $h, so any one changed word changes the sum.
const FNV_PRIME = [0x42, 0xb3, 0x83, 0x80, 0x80, 0x80, 0x20]; // i64.const 0x100000001b3
const fnvStep = (offset: number) => [0x20, 0x01, 0x29, 0x03, offset, 0x85, ...FNV_PRIME, 0x7e];
const CHECKSUM_BODY = [
  ...[0x02, 0x01, 0x7f, 0x01, 0x7e], // locals: $i i32, $h i64
  ...[0x42, 0xa5, 0xc6, 0x88, 0xa1, 0xc8, 0x9c, 0xa7, 0xf9, 0x4b, 0x21, 0x02], // $h = offset basis
  ...[0x02, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x00, 0x03, 0x40, 0x20, 0x02],
  ...fnvStep(0),
  ...fnvStep(8),
  ...fnvStep(16),
  ...fnvStep(24),
  ...[0x21, 0x02, 0x20, 0x01, 0x41, 0x20, 0x6a, 0x22, 0x01, 0x20, 0x00, 0x49, 0x0d, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b],
];
/** Bytes the loop reads per turn: the checksummed length is rounded up to it (the memory is zeros past the cache). */
const CHECKSUM_STRIDE = 32;
const CHECKSUM_MODULE = Buffer.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...[0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7e], // types: (i32) -> i64
  ...[0x03, 0x02, 0x01, 0x00], // functions: one of type 0
  ...[0x05, 0x03, 0x01, 0x00, 0x01], // memory: one, at least one page
  ...[0x07, 0x09, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x68, 0x00, 0x00], // exports: "m" memory 0, "h" function 0
  ...[0x0a, CHECKSUM_BODY.length + 2, 0x01, CHECKSUM_BODY.length, ...CHECKSUM_BODY], // code
]).toString('base64');

/** The same function, as the loader runs it: the bundle's bytes, then the cache's from the next multiple of 4, zeros to the stride. */
function checksumSource(): string {
  return `function checksum(source, cache) {
  const { exports: wasm } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(${JSON.stringify(CHECKSUM_MODULE)}, "base64")));
  const at = (source.length + 3) & ~3;
  const end = (at + cache.length + ${CHECKSUM_STRIDE - 1}) & ~${CHECKSUM_STRIDE - 1};
  wasm.m.grow(Math.ceil(end / 65536) - 1);
  const memory = new Uint8Array(wasm.m.buffer);
  memory.set(source, 0);
  memory.set(cache, at);
  return BigInt.asUintN(64, wasm.h(end));
}`;
}

/** The checksum the loader will compute, at bundle time (the very same code, so the two cannot drift). */
export function codeCacheChecksum(source: Uint8Array, cache: Uint8Array): bigint {
  return new Function('Buffer', `${checksumSource()}\nreturn checksum;`)(Buffer)(source, cache) as bigint;
}

export interface LoaderFacts {
  /** File names beside the loader. */
  bundleFile: string;
  cacheFile: string;
  /** The V8 that made the cache (`process.versions.v8`): another never accepts it. */
  v8: string;
  /** The Node release that made it (`process.version`), for the deploy output. */
  node: string;
  cacheBytes: number;
  checksum: bigint;
}

const CACHE_MAKER_LINE = 'Code cache made by Node ';

/** Which Node made the cache a loader uses, read back from the loader's source (null: not a loader). */
export function codeCacheMaker(loader: string): { node: string; v8: string } | null {
  const match = new RegExp(`^// ${CACHE_MAKER_LINE}(v\\S+) \\(V8 ([^)]+)\\)$`, 'm').exec(loader);
  return match === null ? null : { node: match[1] as string, v8: match[2] as string };
}

/** The loader's CommonJS source. */
export function loaderSource(facts: LoaderFacts): string {
  const q = JSON.stringify;
  return `"use strict";
// Made by alerthook's deploy/code-cache-loader.ts: runs ${facts.bundleFile} with the V8 code cache made when it was bundled.
// ${CACHE_MAKER_LINE}${facts.node} (V8 ${facts.v8})
const { readFileSync, writeSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
${checksumSource()}
const filename = join(__dirname, ${q(facts.bundleFile)});
const source = readFileSync(filename);
let cachedData;
let unused = null;
if (process.versions.v8 !== ${q(facts.v8)}) unused = "made by V8 " + ${q(facts.v8)} + ", this is " + process.versions.v8;
else {
  try {
    cachedData = readFileSync(join(__dirname, ${q(facts.cacheFile)}));
  } catch (error) {
    unused = "cannot read it: " + error.code;
  }
  if (cachedData !== undefined && (cachedData.length !== ${facts.cacheBytes} || checksum(source, cachedData) !== ${facts.checksum}n)) {
    cachedData = undefined;
    unused = "it does not match ${facts.bundleFile} (checksum)";
  }
}
const script = new Script(${q(WRAPPER_HEAD)} + source.toString() + ${q(WRAPPER_TAIL)}, { filename, lineOffset: ${WRAPPER_LINE_OFFSET}, cachedData });
if (script.cachedDataRejected) unused = "V8 rejected it (other V8 flags or build)";
if (unused !== null)
  writeSync(1, JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "code cache not used", file: ${q(facts.cacheFile)}, reason: unused }) + "\\n");
script.runInThisContext()(module.exports, require, module, filename, __dirname);
`;
}
