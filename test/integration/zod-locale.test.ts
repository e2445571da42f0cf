import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';

// zod/mini sets no message locale by itself, and the function bundles carry no classic zod (which
// would set it): a dead letter's reasons read in English only because the vendor code sets it, and
// it does so on first need, not at load. Checked on the built code in a process of its own, where
// nothing else has set it.

describe('zod messages', () => {
  it('set zod’s English messages before zod parses, in a process with none of zod’s classic API loaded', () => {
    // The function bundles carry zod/mini only, which sets no locale; the vendor schemas set it on first use.
    const script = `
      const core = await import('zod/v4/core');
      const { decodeCallback } = await import('./dist/lib/pipeline/decode-callback.js');
      const { loadVendors } = await import('./dist/lib/vendors/registry.js');
      const before = typeof core.config().localeError;
      const vendors = await loadVendors();
      const settings = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } };
      const refused = decodeCallback(vendors.volcengine, Buffer.from('{"Type":"Metric"}'), {}, settings);
      process.stdout.write(JSON.stringify({ before, after: typeof core.config().localeError, outcome: refused.outcome }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageRoot(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ before: 'undefined', after: 'function', outcome: 'invalid' });
  });
});
