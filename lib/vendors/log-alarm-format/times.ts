import { fromUnixSeconds, parseZonelessTime } from '../../time/vendor-time.js';

/** Asia/Shanghai, where both services write their zone-less times (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;

/**
 * A Unix time of unknown unit (CLS documents milliseconds; TLS does not say): a value past
 * year 2200 in seconds is taken as milliseconds. Null when neither reading is plausible.
 */
export function fromUnixSecondsOrMillis(value: number | null): Date | null {
  if (value === null) return null;
  return fromUnixSeconds(value) ?? fromUnixSeconds(value / 1000);
}

/** A time as the services print it: Unix digits, or `YYYY-MM-DD hh:mm:ss[.fff]` in Asia/Shanghai. */
export function fromServiceTime(text: string | null): Date | null {
  if (text === null) return null;
  const trimmed = text.trim();
  if (/^\d{9,14}$/.test(trimmed)) return fromUnixSecondsOrMillis(Number(trimmed));
  // CLS's fromUnixTime prints `2022-05-30 14:50:35.008 +0800 CST`: the zone it names wins.
  const zoned = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) ([+-])(\d\d)(\d\d)(?: \w+)?$/.exec(trimmed);
  if (zoned !== null) {
    const minutes = (Number(zoned[3]) * 60 + Number(zoned[4])) * (zoned[2] === '-' ? -1 : 1);
    return parseZonelessTime(zoned[1] as string, minutes);
  }
  return parseZonelessTime(trimmed, SHANGHAI_OFFSET_MINUTES);
}
