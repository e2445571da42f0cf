import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromUnixSeconds,
  parseZonedTime,
  parseUtcOffset,
  parseZonelessTime,
  readableAtOffsetsWithin,
  toRfc3339,
} from '../../lib/time/vendor-time.js';

/**
 * The zone-less reading as 0.3 defined it, through Date's own calendar (build the time, read its
 * fields back, refuse a roll-over): the reference the field-by-field reading is held to.
 */
function zonelessByDate(text: string, offsetMinutes: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const milliseconds = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, milliseconds);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return null;
  const time = new Date(utc - offsetMinutes * 60_000);
  const year = time.getUTCFullYear();
  return year < 0 || year > 9999 ? null : time;
}

/** `YYYY-MM-DD hh:mm:ss[.f]` with any digits, so impossible months, days and hours come up too. */
const zonelessText = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 99, 100, 1900, 2000, 2024, 2100, 9999)),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    fc.constantFrom(' ', 'T'),
  )
  .map(([y, mo, d, h, mi, s, fraction, separator]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}${separator}${two(h)}:${two(mi)}:${two(s)}${fraction === undefined ? '' : `.${fraction}`}`;
  });

describe('vendor times', () => {
  it('reads Tencent zone-less times at UTC+8 by default, and at any offset given', () => {
    expect(toRfc3339(parseZonelessTime('2017-03-09 07:00:00', 480) as Date)).toBe('2017-03-08T23:00:00Z');
    expect(toRfc3339(parseZonelessTime('2017-03-09 07:00:00', 0) as Date)).toBe('2017-03-09T07:00:00Z');
    expect(toRfc3339(parseZonelessTime('2017-03-09 07:00:00', -330) as Date)).toBe('2017-03-09T12:30:00Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    for (const text of [
      '2024-02-30 10:00:00',
      '2024-13-01 00:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 10:60:00',
      '2024-1-1 1:00:00',
      '0',
    ]) {
      expect(parseZonelessTime(text, 480)).toBeNull();
    }
    expect(parseZonelessTime('2024-02-29 10:00:00', 0)).not.toBeNull();
  });

  it('reads the years at the edges of four digits as Date’s own calendar does, at the widest offsets', () => {
    for (const text of [
      '0100-01-01 13:59:59',
      '0100-01-01 14:00:00',
      '0099-12-31 23:59:59',
      '9999-12-31 10:00:00',
      '9999-12-31 09:59:59',
      '1900-02-29 00:00:00',
      '2000-02-29 00:00:00',
    ])
      for (const offset of [840, -840, 0])
        expect(parseZonelessTime(text, offset)?.getTime() ?? null, `${text} at ${offset}`).toBe(
          zonelessByDate(text, offset)?.getTime() ?? null,
        );
  });

  it('reads every zone-less time at every offset exactly as Date’s own calendar does', () => {
    fc.assert(
      fc.property(zonelessText, fc.integer({ min: -14 * 60, max: 14 * 60 }), (text, offset) => {
        expect(parseZonelessTime(text, offset)?.getTime() ?? null).toBe(zonelessByDate(text, offset)?.getTime() ?? null);
        const everywhere = zonelessByDate(text, 14 * 60) !== null && zonelessByDate(text, -14 * 60) !== null;
        expect(readableAtOffsetsWithin(text, 14 * 60)).toBe(everywhere);
      }),
      { numRuns: 5000 },
    );
  });

  it('honours the (UTC±hh:mm) suffix of Volcengine metric callbacks', () => {
    expect(toRfc3339(parseZonedTime('2024-04-11 14:51:01(UTC+08:00)') as Date)).toBe('2024-04-11T06:51:01Z');
    expect(toRfc3339(parseZonedTime('2024-04-11 14:51:01 (UTC-05:30)') as Date)).toBe('2024-04-11T20:21:01Z');
    expect(toRfc3339(parseZonedTime('2024-04-11 14:51:01(UTC)') as Date)).toBe('2024-04-11T14:51:01Z');
    expect(parseZonedTime('2024-04-11 14:51:01')).toBeNull();
    expect(parseZonedTime('2024-04-11 14:51:01(UTC+99:00)')).toBeNull();
  });

  it('reads the other explicit-offset forms real Volcengine deliveries and peers show, with a space or a T', () => {
    for (const text of [
      '2026-01-01 00:05:00+08:00',
      '2026-01-01T00:05:00+08:00',
      '2026-01-01 00:05:00 +08:00',
      '2026-01-01 00:05:00+0800',
      '2026-01-01 00:05:00+08',
      '2025-12-31T16:05:00Z',
      '2025-12-31 16:05:00Z',
      '2026-01-01T00:05:00(UTC+08:00)',
    ]) {
      expect(toRfc3339(parseZonedTime(text) as Date), text).toBe('2025-12-31T16:05:00Z');
    }
    expect(toRfc3339(parseZonedTime('2025-12-31T16:05:00.250Z') as Date)).toBe('2025-12-31T16:05:00.250Z');
    expect(toRfc3339(parseZonedTime('2026-01-01 00:05:00-05:30') as Date)).toBe('2026-01-01T05:35:00Z');
    // No zone, or not a zone: not guessed at.
    for (const text of [
      '2026-01-01 00:05:00',
      '2026-01-01T00:05:00',
      '2026-01-01 00:05:00 CST',
      '2026-01-01 00:05:00+8:00',
      '2026-01-01 00:05:00+25:00',
      '2026-02-30 00:05:00Z',
    ]) {
      expect(parseZonedTime(text), text).toBeNull();
    }
  });

  it('reads Unix seconds as seconds, and refuses milliseconds by their range', () => {
    expect(toRfc3339(fromUnixSeconds(1664332705) as Date)).toBe('2022-09-28T02:38:25Z');
    expect(fromUnixSeconds(1664332705000)).toBeNull();
    expect(fromUnixSeconds(Number.NaN)).toBeNull();
  });

  it('parses offsets in the spellings an operator might use', () => {
    expect(['+08:00', '+0800', '8', '+8', '08:00'].map(parseUtcOffset)).toEqual([480, 480, 480, 480, 480]);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    expect(parseUtcOffset('Z')).toBe(0);
    for (const bad of ['+15:00', 'UTC+8', '+08:60', 'eight']) expect(() => parseUtcOffset(bad)).toThrow();
  });

  it('keeps milliseconds only when there are some', () => {
    expect(toRfc3339(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 250)))).toBe('2024-01-01T00:00:00.250Z');
  });
});

describe('toRfc3339', () => {
  it('is toISOString without a zero fraction, for any valid date', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        expect(toRfc3339(date)).toBe(iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso);
      }),
      { numRuns: 5000 },
    );
  });
});
