/**
 * What the clouds' timer APIs accept, from ../shared/cloud-apis/timers.md, for the strict stand-ins:
 * SCF's cron has seven fields, seconds first; veFaaS's crontab five. Each field is checked for the
 * characters and ranges the references list (`, - * /`, plus `? L W #` where SCF allows them, and
 * month and weekday names). Server-side messages are unconfirmed; the codes are the family's.
 */

const SCF_RANGES: readonly [number, number][] = [
  [0, 59], // second
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day
  [1, 12], // month
  [0, 6], // week
  [1970, 2099], // year
];
const VEFAAS_RANGES: readonly [number, number][] = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 6], // day of week
];
const NAMES = /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)$/i;

function fieldOk(field: string, [low, high]: readonly [number, number], extra: RegExp): boolean {
  return field.split(',').every((part) => {
    if (part === '*' || extra.test(part)) return true;
    const [range, step] = part.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return false;
    if (range === '*') return step !== undefined;
    return (range ?? '')
      .split('-')
      .every((value) => NAMES.test(value) || (/^\d+$/.test(value) && Number(value) >= low && Number(value) <= high));
  });
}

export function validScfCron(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return (
    fields.length === 7 &&
    fields.every((field, i) =>
      fieldOk(field, SCF_RANGES[i] as [number, number], i === 3 ? /^(\?|L|\d+W)$/ : i === 5 ? /^(\?|L|\d#\d)$/ : /^$/),
    )
  );
}

export function validVefaasCrontab(crontab: string): boolean {
  const fields = crontab.trim().split(/\s+/);
  return fields.length === 5 && fields.every((field, i) => fieldOk(field, VEFAAS_RANGES[i] as [number, number], /^$/));
}

/** SCF trigger names: SCFM allows letters, digits, - and _ up to 100; SDOC ≤ 60 starting with a letter. The stricter. */
export const validScfTriggerName = (name: string) => /^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name);
/** veFaaS timer names: letters, digits, -; a letter first; 4–64 (VDOC). */
export const validVefaasTimerName = (name: string) => /^[A-Za-z][A-Za-z0-9-]{3,63}$/.test(name);
