/**
 * Callback bodies are JSON, except that the vendors' own sample bodies carry trailing commas
 * (`{"a": 1,}`), so a receiver that rejects them would reject what the vendor documents.
 * Exactly that one deviation is accepted; comments, single quotes, NaN literals and the rest of
 * JSON5 are not, because no vendor sends them and accepting them would hide real breakage.
 */

import { isUtf8 } from 'node:buffer';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Bytes that are not UTF-8 are a broken body, not something to repair with U+FFFD. `isUtf8`
 * validates without decoding (several times faster than a fatal TextDecoder); a leading BOM is
 * dropped, which RFC 8259 allows a parser to do.
 */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (!isUtf8(bytes)) return { ok: false, error: 'body is not valid UTF-8' };
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasBom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return { ok: true, text: buffer.toString('utf8', hasBom ? 3 : 0) };
}

export function parseVendorJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (first) {
    // The fast path failed; only now pay for the scan that drops trailing commas.
    const repaired = removeTrailingCommas(text);
    if (repaired === text) return { ok: false, error: describeJsonError(first) };
    try {
      return { ok: true, value: JSON.parse(repaired) };
    } catch (second) {
      return { ok: false, error: describeJsonError(second) };
    }
  }
}

/** Drops each comma that, outside strings, is followed only by white space and `}` or `]`. */
export function removeTrailingCommas(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
    } else if (c === 0x2c /* , */) {
      let j = i + 1;
      while (j < text.length && isJsonWhitespace(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next === 0x7d /* } */ || next === 0x5d /* ] */) {
        out += text.slice(copiedUpTo, i);
        copiedUpTo = i + 1;
      }
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * V8's messages quote a slice of the input; the input can be anything a stranger sent, so the
 * message we pass on keeps only the position.
 */
function describeJsonError(error: unknown): string {
  if (error instanceof RangeError) return 'body is nested too deeply to parse';
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `body is not valid JSON (error at position ${position})`;
  if (/end of (JSON )?input/i.test(message)) return 'body is not valid JSON (unexpected end of input)';
  return 'body is not valid JSON';
}
