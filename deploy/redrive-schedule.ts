import { DEFAULT_REDRIVE_INTERVAL_MS } from '../lib/config.js';
import { scheduledPayload } from '../lib/scheduled-payload.js';
import { redactSinkUrls } from '../lib/sinks/sink-url.js';

/** The timer deploy keeps beside each function; its name on both clouds (SCF: ≤ 60, a letter first; veFaaS: 4–64, letters, digits, -). */
export const REDRIVE_TIMER = 'alerthook-redrive';

/**
 * The scheduled trigger for a function's environment: every `minutes` minutes (ALERTHOOK_REDRIVE_INTERVAL_MS
 * rounded to whole minutes, 1–59, since both clouds' finest schedule is a minute), carrying the
 * argument the function checks (scheduled-payload.ts). Null when no fallback store is configured:
 * there is nothing to redrive, and an existing timer is removed.
 */
export function redriveSchedule(environment: Readonly<Record<string, string>>): { minutes: number; argument: string } | null {
  if ((environment.ALERTHOOK_FALLBACK ?? '') === '') return null;
  const ms = Number(environment.ALERTHOOK_REDRIVE_INTERVAL_MS ?? DEFAULT_REDRIVE_INTERVAL_MS);
  const minutes = Math.min(59, Math.max(1, Math.round((Number.isFinite(ms) ? ms : DEFAULT_REDRIVE_INTERVAL_MS) / 60_000)));
  return { minutes, argument: scheduledPayload(environment.ALERTHOOK_TOKEN ?? null) };
}

// SCF's cron: seven fields, seconds first (every minute: `0 */1 * * * * *`).
export const scfCron = (minutes: number) => `0 */${minutes} * * * * *`;
// veFaaS's crontab: five fields, no seconds (every minute: `*/1 * * * *`).
export const vefaasCrontab = (minutes: number) => `*/${minutes} * * * *`;

/** The deploy output's lines about the fallback store and its timer, recommending one where there is none. */
export function fallbackNotes(environment: Readonly<Record<string, string | undefined>>): string[] {
  const fallback = environment.ALERTHOOK_FALLBACK ?? '';
  if (fallback === '')
    return [
      'fallback:     none. While the sink is down, callbacks are answered 503 and lost once the vendor stops retrying',
      '              (about 20 s). For production set ALERTHOOK_FALLBACK to a bucket (s3://…, another service than the sink)',
      '              and deploy again: deploy then adds a timer that redrives it.',
    ];
  const schedule = redriveSchedule({ ...environment, ALERTHOOK_FALLBACK: fallback } as Record<string, string>);
  return [
    `fallback:     ${redactSinkUrls(fallback)}; the timer ${REDRIVE_TIMER} redrives it every ${schedule?.minutes ?? 1} min`,
    ...(fallback.startsWith('file:')
      ? ['              (a file:// fallback in a function is /tmp, lost with the instance: use s3://)']
      : []),
  ];
}
