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
 * computed by a tiny WebAssembly function (~3 M instructions, where node:crypto's load alone is
 * ~20 M and node:v8, which could switch V8's own checksum on, ~8 M). Any mismatch, a node whose V8
 * is not the bundler's, or V8 rejecting the cache (other flags): the bundle is compiled from its
 * source as without a cache, and one log line says why.
 */

/** Node's CommonJS wrapper, its head on a line of its own, so that `lineOffset: -1` keeps the bundle's positions. */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
export const WRAPPER_TAIL = '\n})';
/** The cache carries its script's line offset: the warm-up must compile with the loader's. */
export const WRAPPER_LINE_OFFSET = -1;

// The checksum: FNV-1a over 32-bit little-endian words of memory[0, n), n a multiple of 4.
// (func (export "h") (param $n i32) (result i32) (local $i i32) (local $h i32)
//   (local.set $h (i32.const 0x811c9dc5))
//   (block (br_if 0 (i32.eqz (local.get $n)))
//     (loop (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $i))) (i32.const 16777619)))
//           (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n)))))
//   (local.get $h))
// and (memory (export "m") 1). Each step is a bijection of $h, so any one changed word changes the sum.
const CHECKSUM_BODY = [
  0x01, 0x02, 0x7f, 0x41, 0xc5, 0xbb, 0xf2, 0x88, 0x78, 0x21, 0x02, 0x02, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x00, 0x03, 0x40, 0x20, 0x02, 0x20,
  0x01, 0x28, 0x02, 0x00, 0x73, 0x41, 0x93, 0x83, 0x80, 0x08, 0x6c, 0x21, 0x02, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x22, 0x01, 0x20, 0x00, 0x49,
  0x0d, 0x00, 0x0b, 0x0b, 0x20, 0x02, 0x0b,
];
const CHECKSUM_MODULE = Buffer.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...[0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f], // types: (i32) -> i32
  ...[0x03, 0x02, 0x01, 0x00], // functions: one of type 0
  ...[0x05, 0x03, 0x01, 0x00, 0x01], // memory: one, at least one page
  ...[0x07, 0x09, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x68, 0x00, 0x00], // exports: "m" memory 0, "h" function 0
  ...[0x0a, CHECKSUM_BODY.length + 2, 0x01, CHECKSUM_BODY.length, ...CHECKSUM_BODY], // code
]).toString('base64');

/** The same function, as the loader runs it: the bundle's bytes, then the cache's from the next multiple of 4. */
function checksumSource(): string {
  return `function checksum(source, cache) {
  const { exports: wasm } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(${JSON.stringify(CHECKSUM_MODULE)}, "base64")));
  const at = (source.length + 3) & ~3;
  const end = (at + cache.length + 3) & ~3;
  wasm.m.grow(Math.ceil(end / 65536) - 1);
  const memory = new Uint8Array(wasm.m.buffer);
  memory.set(source, 0);
  memory.set(cache, at);
  return wasm.h(end) >>> 0;
}`;
}

/** The checksum the loader will compute, at bundle time (the very same code, so the two cannot drift). */
export function codeCacheChecksum(source: Uint8Array, cache: Uint8Array): number {
  return new Function('Buffer', `${checksumSource()}\nreturn checksum;`)(Buffer)(source, cache) as number;
}

export interface LoaderFacts {
  /** File names beside the loader. */
  bundleFile: string;
  cacheFile: string;
  /** The V8 that made the cache (`process.versions.v8`): another never accepts it. */
  v8: string;
  cacheBytes: number;
  checksum: number;
}

/** The loader's CommonJS source. */
export function loaderSource(facts: LoaderFacts): string {
  const q = JSON.stringify;
  return `"use strict";
// Made by alerthook's deploy/code-cache-loader.ts: runs ${facts.bundleFile} with the V8 code cache made when it was bundled.
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
  if (cachedData !== undefined && (cachedData.length !== ${facts.cacheBytes} || checksum(source, cachedData) !== ${facts.checksum})) {
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
