/**
 * The vendors send times in several shapes, few of them RFC 3339:
 * - Tencent: `2017-03-09 07:00:00` with no zone; it is Beijing time (UTC+8) unless the operator says otherwise.
 * - Volcengine metric callbacks: documented as `2024-04-11 14:51:01(UTC+08:00)`; real deliveries and
 *   peers also show `2026-01-01 00:05:00+08:00`, and `T` or `Z` forms are one sender change away.
 * - Volcengine `FirstAlertTime`, `LastAlertTime` and event `HappenedAt`: Unix seconds.
 * Each parser returns null for anything it does not recognise, so the schema can reject it by name.
 */

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
/** A local time and an explicit zone: `(UTC+08:00)`, `(UTC)`, `+08:00`, `+0800`, `+08` or `Z`, with or without a space before it. */
const ZONED_TIME =
  /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)\s*(?:\(UTC([+-]\d{1,2}(?::?\d{2})?)?\)|([+-]\d{2}(?::?\d{2})?)|([Zz]))$/;
const OFFSET = /^([+-])?(\d{1,2})(?::?(\d{2}))?$/;

/** Minutes east of UTC, from `+08:00`, `+0800`, `8`, `-5`, `Z` or `0`. Throws on anything else. */
export function parseUtcOffset(text: string): number {
  const trimmed = text.trim();
  if (trimmed === 'Z' || trimmed === 'z') return 0;
  const m = OFFSET.exec(trimmed);
  if (!m) throw new Error(`not a UTC offset: "${text}" (expected e.g. +08:00)`);
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60 || Number(m[3] ?? 0) >= 60) throw new Error(`UTC offset out of range: "${text}"`);
  return m[1] === '-' ? -minutes : minutes;
}

/** A zone-less `YYYY-MM-DD hh:mm:ss` read at the given offset (minutes east of UTC). */
export function parseZonelessTime(text: string, offsetMinutes: number): Date | null {
  const utc = zonelessAsUtc(text);
  if (utc === null) return null;
  const time = utc - offsetMinutes * 60_000;
  // RFC 3339 has four-digit years: a local time that lands outside them in UTC is not one we can pass on.
  return time < YEAR_0 || time >= YEAR_10000 ? null : new Date(time);
}

/** Whether the zone-less time reads as a time at every offset within ±`maxOffsetMinutes` (parseZonelessTime of each is not null). */
export function readableAtOffsetsWithin(text: string, maxOffsetMinutes: number): boolean {
  const utc = zonelessAsUtc(text);
  return utc !== null && utc - maxOffsetMinutes * 60_000 >= YEAR_0 && utc + maxOffsetMinutes * 60_000 < YEAR_10000;
}

/** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

/**
 * The local time's fields as if it were UTC, in milliseconds, or null when they are no calendar
 * time. Checked field by field rather than by building a Date and reading it back: every Tencent
 * callback reads several such times, and the Dates were most of the cost.
 */
function zonelessAsUtc(text: string): number | null {
  const m = LOCAL_TIME.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  // Years before 100 are refused: Date.UTC reads 0–99 as 1900–1999, and no vendor sends them.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const milliseconds = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  return Date.UTC(y, mo - 1, d, h, mi, s, milliseconds);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A time that names its zone: Volcengine's `2024-04-11 14:51:01(UTC+08:00)` (a bare `(UTC)` is UTC),
 * `2026-01-01 00:05:00+08:00`, `2026-01-01T00:05:00Z`. A time without a zone is not guessed at: null.
 */
export function parseZonedTime(text: string): Date | null {
  const m = ZONED_TIME.exec(text.trim());
  if (!m) return null;
  let offset: number;
  try {
    const zone = m[2] ?? m[3];
    offset = zone === undefined ? 0 : parseUtcOffset(zone);
  } catch {
    return null;
  }
  return parseZonelessTime(m[1] as string, offset);
}

// Unix seconds between 2000 and 2200: anything outside is a unit mistake (milliseconds) or garbage.
const MIN_SECONDS = 946_684_800;
const MAX_SECONDS = 7_258_118_400;

/** Whether a time derived from a vendor's fields (a start plus a duration, say) is within the same plausible years. */
export function isPlausibleTime(time: Date): boolean {
  const seconds = time.getTime() / 1000;
  return seconds >= MIN_SECONDS && seconds <= MAX_SECONDS;
}

export function fromUnixSeconds(value: number): Date | null {
  if (!Number.isFinite(value) || value < MIN_SECONDS || value > MAX_SECONDS) return null;
  return new Date(Math.round(value * 1000));
}

/**
 * RFC 3339 in UTC, whole seconds without the `.000` that toISOString adds. Formatted by hand: every
 * event carries two or three times, and toISOString took a fifth of the normalizers' time.
 */
export function toRfc3339(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) {
    const iso = date.toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  }
  const seconds = `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? `${seconds}Z` : `${seconds}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
