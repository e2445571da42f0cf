import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config.js';
import { envValue, parseSwitch } from '../../lib/env.js';
import { flag } from '../../lib/sinks/sink-url.js';

// One way to read a setting, wherever it comes from: a variable of the environment or an option of
// a sink URL. Blank means "not set"; an on/off setting that is neither on nor off is refused by name.

describe('envValue', () => {
  it('takes the first of the names set to something other than blanks, trimmed', () => {
    expect(envValue({ A: '', B: '  ', C: ' x ' }, 'A', 'B', 'C')).toBe('x');
    expect(envValue({ A: 'first', C: 'later' }, 'A', 'C')).toBe('first');
    expect(envValue({ A: '\t' }, 'A')).toBeUndefined();
    expect(envValue({}, 'A')).toBeUndefined();
  });
});

describe('on/off settings', () => {
  it('read alike from a variable and from a URL option', () => {
    for (const [text, on] of [
      ['1', true],
      ['TRUE', true],
      ['yes', true],
      ['on', true],
      ['0', false],
      ['false', false],
      ['No', false],
      ['off', false],
      ['', false],
      ['  ', false],
    ] as const) {
      expect(parseSwitch(text), text).toBe(on);
      expect(flag(new URLSearchParams({ batch: text }), 'batch'), text).toBe(on);
      expect(loadConfig({ ALERTHOOK_ALLOW_ANONYMOUS: text }, { sinkUrl: 'file://./data', vendors: [] }).allowAnonymous, text).toBe(on);
    }
    expect(flag(new URLSearchParams(), 'batch')).toBe(false);
    expect(loadConfig({}, { sinkUrl: 'file://./data', vendors: [] }).allowAnonymous).toBe(false);
  });

  it('refuse anything else, naming the setting, rather than taking it for off', () => {
    expect(parseSwitch('ture')).toBeUndefined();
    expect(() => flag(new URLSearchParams({ tls: 'ture' }), 'tls')).toThrow(/^sink option tls=ture: expected 1 or 0/);
    expect(() => loadConfig({ ALERTHOOK_ALLOW_ANONYMOUS: 'yes please' }, { sinkUrl: 'file://./data', vendors: [] })).toThrow(ConfigError);
    expect(() => loadConfig({ ALERTHOOK_ALLOW_ANONYMOUS: 'yes please' }, { sinkUrl: 'file://./data', vendors: [] })).toThrow(
      /^ALERTHOOK_ALLOW_ANONYMOUS must be 1 or 0/,
    );
  });
});
