import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config.js';

describe('ALERTHOOK_TOKEN', () => {
  it('refuses a blank secret, naming the variable; unset or empty is no secret; any other value is kept as given', () => {
    expect(() => loadConfig({ ALERTHOOK_TOKEN: '   ' }, { sinkUrl: 'file://./data', vendors: [] })).toThrow(ConfigError);
    expect(() => loadConfig({ ALERTHOOK_TOKEN: ' \t' }, { sinkUrl: 'file://./data', vendors: [] })).toThrow(/^ALERTHOOK_TOKEN is blank/);
    expect(loadConfig({ ALERTHOOK_TOKEN: '' }, { sinkUrl: 'file://./data', vendors: [] }).token).toBeNull();
    expect(loadConfig({}, { sinkUrl: 'file://./data', vendors: [] }).token).toBeNull();
    expect(loadConfig({ ALERTHOOK_TOKEN: 's3cret' }, { sinkUrl: 'file://./data', vendors: [] }).token).toBe('s3cret');
  });
});
