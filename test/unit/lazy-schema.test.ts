import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type * as z from 'zod/mini';
import { describe, expect, it, vi } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';
import { builtOnce } from '../../lib/vendors/lazy-schema.js';

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
    const objectsBuilt = vi.fn();
    vi.doMock('../../lib/vendors/drift.js', async (original) => {
      const actual = await original<typeof import('../../lib/vendors/drift.js')>();
      return {
        ...actual,
        looseObject: (shape: z.core.$ZodLooseShape) => {
          objectsBuilt();
          return actual.looseObject(shape);
        },
      };
    });
    try {
      const { decodeCallback } = await import('../../lib/pipeline/decode-callback.js');
      const { loadVendors } = await import('../../lib/vendors/registry.js');
      const vendors = await loadVendors();
      const settings = { defaultSeverity: 'warning', vendors: { tencent: { utcOffsetMinutes: 480 }, volcengine: {} } } as const;
      let accepted = 0;
      for (const vendor of ['tencent', 'volcengine'] as const) {
        const root = join(packageRoot(), 'lib', 'vendors', vendor);
        const samples = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
          (path) => path.endsWith('.json') && path.split(sep).at(-2) === 'samples',
        );
        for (const path of samples) {
          const decoded = decodeCallback(vendors[vendor]!, readFileSync(join(root, path)), {}, settings);
          expect(decoded.outcome, path).not.toBe('invalid');
          if (decoded.outcome === 'events') accepted++;
        }
      }
      expect(accepted).toBeGreaterThanOrEqual(8);
      expect(objectsBuilt).not.toHaveBeenCalled();
      const refused = decodeCallback(vendors.tencent!, Buffer.from('{"alarmStatus": 7, "alarmPolicyInfo": {}}'), {}, settings);
      expect(refused).toMatchObject({ outcome: 'invalid', errors: expect.arrayContaining([expect.stringMatching(/alarmStatus/)]) });
      expect(objectsBuilt).toHaveBeenCalled();
    } finally {
      vi.doUnmock('../../lib/vendors/drift.js');
      vi.resetModules();
    }
  });
});
