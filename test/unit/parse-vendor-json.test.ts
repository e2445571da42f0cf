import { describe, expect, it } from 'vitest';
import { decodeUtf8, parseVendorJson, removeTrailingCommas } from '../../lib/json/parse-vendor-json.js';

describe('parseVendorJson', () => {
  it('parses plain JSON', () => {
    expect(parseVendorJson('{"a":[1,2],"b":"x"}')).toEqual({ ok: true, value: { a: [1, 2], b: 'x' } });
  });

  it('accepts trailing commas in objects and arrays, across white space', () => {
    expect(parseVendorJson('{"a": [1, 2, ], "b": {"c": 1,\n\t},\n}')).toEqual({ ok: true, value: { a: [1, 2], b: { c: 1 } } });
  });

  it('leaves commas inside strings alone, escaped quotes included', () => {
    const text = '{"a": "x,}", "b": "say \\",]\\"", "c": [",",],}';
    expect(parseVendorJson(text)).toEqual({ ok: true, value: { a: 'x,}', b: 'say ",]"', c: [','] } });
    expect(removeTrailingCommas('["a,]"]')).toBe('["a,]"]');
  });

  it.each([
    ['a // comment', '{"a": 1 // note\n}'],
    ['a block comment', '{"a": /* x */ 1}'],
    ['single quotes', "{'a': 1}"],
    ['a NaN literal', '{"a": NaN}'],
    ['an unquoted key', '{a: 1}'],
    ['a leading comma', '{, "a": 1}'],
    ['a double trailing comma', '{"a": 1,,}'],
    ['truncated JSON', '{"a": [1, 2'],
    ['nothing', ''],
  ])('rejects %s', (_, text) => {
    const result = parseVendorJson(text);
    expect(result.ok).toBe(false);
  });

  it('does not echo the input in its error', () => {
    const result = parseVendorJson('{"password": "hunter2" oops}');
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^body is not valid JSON/) });
    if (!result.ok) expect(result.error).not.toContain('hunter2');
  });

  it('reports nesting too deep to parse instead of throwing', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => parseVendorJson(deep)).not.toThrow();
  });
});

describe('decodeUtf8', () => {
  it('drops a leading byte-order mark', () => {
    const decoded = decodeUtf8(Buffer.from('\uFEFF{"a":1}', 'utf8'));
    expect(decoded).toEqual({ ok: true, text: '{"a":1}' });
  });

  it('refuses bytes that are not UTF-8 rather than repairing them', () => {
    expect(decodeUtf8(Uint8Array.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, error: 'body is not valid UTF-8' });
  });
});
