import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { AlertmanagerNotificationSchema } from '../../lib/vendors/alertmanager-format/schema.js';
import { builtOnce, lazySchema } from '../../lib/vendors/lazy-schema.js';
import { ClsAlarmSchema } from '../../lib/vendors/tencent/cls/schema.js';
import { TlsAlarmSchema } from '../../lib/vendors/volcengine/tls/schema.js';

// A function holds every source of its cloud; the schemas of the sources its first callback does
// not come from must not be built at its cold start (bench group 4: −6.7 M instructions for the
// Tencent bundle, −8.8 M for Volcengine's).

describe('lazySchema', () => {
  it('builds on the first parse, once, and parses as the schema it builds', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ a: z.number() });
    });
    expect(builds).toBe(0);
    expect(schema.safeParse({ a: 1 })).toMatchObject({ success: true, data: { a: 1 } });
    expect(schema.safeParse({ a: 'x' }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('builtOnce keeps what it built, undefined included', () => {
    let builds = 0;
    const part = builtOnce(() => {
      builds++;
      return undefined;
    });
    expect([part(), part()]).toEqual([undefined, undefined]);
    expect(builds).toBe(1);
  });

  it('the non-default sources hold lazy schemas, not built zod schemas', () => {
    for (const schema of [AlertmanagerNotificationSchema, ClsAlarmSchema, TlsAlarmSchema]) {
      expect('_zod' in schema).toBe(false);
      expect(Object.keys(schema)).toEqual(['safeParse']);
    }
  });
});
