/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, for a process's first digests. `node:crypto` is not in
 * Node's start-up snapshot: loading it costs a function's cold start about 12 M instructions (≈ 13%
 * of all that alerthook adds to a bare node), while a callback's digests are of a few hundred bytes,
 * which this hashes in microseconds. Native code is still about ten times faster per byte, so once
 * a process has hashed JS_DIGESTS times (a warm instance), or for an input of LARGE_INPUT_BYTES or
 * more, node:crypto is loaded, where this Node can load it lazily (process.getBuiltinModule).
 * test/property/sha256.test.ts holds both paths to node:crypto on arbitrary input.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);

/** From this size up, node:crypto (loaded on first need) is worth its load. */
export const LARGE_INPUT_BYTES = 16 * 1024;
/** Digests in plain JavaScript before node:crypto is worth its load: a few callbacks' worth. */
export const JS_DIGESTS = 100;
let digestsSoFar = 0;

type NativeHash = (algorithm: string, data: string | Uint8Array, encoding: 'buffer' | 'hex') => Buffer | string;
let native: NativeHash | null | undefined;

/** node:crypto's one-shot hash, loaded on first call, where this Node can load a module synchronously from ESM. */
function nativeHash(): NativeHash | null {
  if (native === undefined) {
    const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    const crypto = typeof getBuiltinModule === 'function' ? (getBuiltinModule('node:crypto') as { hash?: NativeHash }) : undefined;
    native = typeof crypto?.hash === 'function' ? crypto.hash : null;
  }
  return native;
}

/** SHA-256 of the bytes, or of the string's UTF-8 (as node:crypto hashes a string). */
export function sha256(data: string | Uint8Array): Buffer {
  const hash = nativeFor(data);
  if (hash !== null) return hash('sha256', data, 'buffer') as Buffer;
  const digest = sha256Js(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** The same, as lower-case hex (node:crypto writes the hex itself, sparing a copy). */
export function sha256Hex(data: string | Uint8Array): string {
  const hash = nativeFor(data);
  if (hash !== null) return hash('sha256', data, 'hex') as string;
  const digest = sha256Js(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString('hex');
}

/** node:crypto, if this digest should be its (a string goes to it as it is: it hashes the string's UTF-8, sparing a copy). */
function nativeFor(data: string | Uint8Array): NativeHash | null {
  // A string's length in UTF-16 units is at most its UTF-8 size: near enough to choose by.
  return data.length >= LARGE_INPUT_BYTES || ++digestsSoFar > JS_DIGESTS ? nativeHash() : null;
}

/** The plain-JavaScript digest, whatever the size (exported for the test that compares it). */
export function sha256Js(bytes: Uint8Array): Uint8Array {
  // The message, a 0x80 byte, zeros, and the length in bits as 64-bit big-endian, in 64-byte blocks.
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = bytes.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);

  let h0 = 0x6a09e667 | 0,
    h1 = 0xbb67ae85 | 0,
    h2 = 0x3c6ef372 | 0,
    h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f | 0,
    h5 = 0x9b05688c | 0,
    h6 = 0x1f83d9ab | 0,
    h7 = 0x5be0cd19 | 0;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0, i = offset; t < 16; t++, i += 4)
      W[t] = (padded[i]! << 24) | (padded[i + 1]! << 16) | (padded[i + 2]! << 8) | padded[i + 3]!;
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15]!,
        w2 = W[t - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  outView.setInt32(0, h0);
  outView.setInt32(4, h1);
  outView.setInt32(8, h2);
  outView.setInt32(12, h3);
  outView.setInt32(16, h4);
  outView.setInt32(20, h5);
  outView.setInt32(24, h6);
  outView.setInt32(28, h7);
  return out;
}
