import { describe, expect, it, vi } from 'vitest';
import { builtOnce } from '../../lib/vendors/built-once.js';
import { vendorSampleFiles } from '../helpers/sample-corpus.js';

// A function holds every source of its cloud, and validates a valid body with the source's compiled
// validator: no zod schema may be built at its cold start, only for a body that one rejects (bench
// group 4: building the Tencent schemas was ~12 M instructions of a cold start).

describe('builtOnce', () => {
  it('builds on first use, once, and keeps what it built, undefined included', () => {
    let builds = 0;
    const part = builtOnce(() => {
      builds++;
      return undefined;
    });
    expect(builds).toBe(0);
    expect([part(), part()]).toEqual([undefined, undefined]);
    expect(builds).toBe(1);
  });
});

describe('the vendor schemas', () => {
  it('are not built for valid bodies of any source; a body the compiled validator rejects builds its source’s', async () => {
    vi.resetModules();
    // Every zod/mini factory (z.string(), z.union(), z.pipe(), z.config(), …) counted, whoever calls it.
    const schemasBuilt = vi.fn();
    vi.doMock('zod/mini', async (original) => {
      const actual = await original<Record<string, unknown>>();
      return Object.fromEntries(
        Object.entries(actual).map(([name, value]) => [
          name,
          typeof value === 'function' && /^[a-z]/.test(name)
            ? (...args: unknown[]) => {
                schemasBuilt(name);
                return (value as (...a: unknown[]) => unknown)(...args);
              }
            : value,
        ]),
      );
    });
    try {
      const { decodeCallback } = await import('../../lib/pipeline/decode-callback.js');
      const { loadVendors } = await import('../../lib/vendors/registry.js');
      const vendors = await loadVendors();
      const settings = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } } as const;
      let accepted = 0;
      for (const vendor of ['tencent', 'volcengine'] as const) {
        for (const { path, text } of vendorSampleFiles(vendor)) {
          const decoded = decodeCallback(vendors[vendor]!, Buffer.from(text), {}, settings);
          expect(decoded.outcome, path).not.toBe('invalid');
          if (decoded.outcome === 'events') accepted++;
        }
      }
      expect(accepted).toBeGreaterThanOrEqual(8);
      expect(schemasBuilt).not.toHaveBeenCalled();
      const refused = decodeCallback(vendors.tencent!, Buffer.from('{"alarmStatus": 7, "alarmPolicyInfo": {}}'), {}, settings);
      expect(refused).toMatchObject({ outcome: 'invalid', errors: expect.arrayContaining([expect.stringMatching(/alarmStatus/)]) });
      expect(schemasBuilt).toHaveBeenCalledWith('union');
    } finally {
      vi.doUnmock('zod/mini');
      vi.resetModules();
    }
  });
});
