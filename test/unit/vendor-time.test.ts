import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUnixSeconds, parseZonedTime, parseUtcOffset, parseZonelessTime, toRfc3339 } from '../../lib/time/vendor-time.js';

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
