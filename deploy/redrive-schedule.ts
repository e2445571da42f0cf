import { DEFAULT_REDRIVE_INTERVAL_MS, timerMinutes } from '../lib/config.js';
import { parseSwitch } from '../lib/env.js';
import { scheduledPayload } from '../lib/scheduled-payload.js';
import { redactSinkUrls } from '../lib/sinks/sink-url.js';

/** The timer deploy keeps beside each function; its name on both clouds (SCF: ≤ 60, a letter first; veFaaS: 4–64, letters, digits, -). */
export const REDRIVE_TIMER = 'alerthook-redrive';

/**
 * The scheduled trigger for a function's environment: every `minutes` minutes (timerMinutes of
 * ALERTHOOK_REDRIVE_INTERVAL_MS), carrying the argument the function checks (scheduled-payload.ts).
 * Null when neither a fallback store nor the heartbeat is configured: there is nothing for a tick
 * to do, and an existing timer is removed.
 */
export function redriveSchedule(environment: Readonly<Record<string, string>>): { minutes: number; argument: string } | null {
  if ((environment.ALERTHOOK_FALLBACK ?? '') === '' && parseSwitch(environment.ALERTHOOK_HEARTBEAT) !== true) return null;
  const minutes = timerMinutes(Number(environment.ALERTHOOK_REDRIVE_INTERVAL_MS ?? DEFAULT_REDRIVE_INTERVAL_MS));
  return { minutes, argument: scheduledPayload(environment.ALERTHOOK_TOKEN ?? null) };
}

// SCF's cron: seven fields, seconds first (every minute: `0 */1 * * * * *`).
export const scfCron = (minutes: number) => `0 */${minutes} * * * * *`;
// veFaaS's crontab: five fields, no seconds (every minute: `*/1 * * * *`).
export const vefaasCrontab = (minutes: number) => `*/${minutes} * * * *`;

/** The deploy output's lines about the fallback store, the heartbeat and their timer, recommending a fallback where there is none. */
export function fallbackNotes(environment: Readonly<Record<string, string | undefined>>): string[] {
  return [...fallbackLines(environment), heartbeatLine(environment)];
}

function heartbeatLine(environment: Readonly<Record<string, string | undefined>>): string {
  if (parseSwitch(environment.ALERTHOOK_HEARTBEAT) !== true)
    return 'heartbeat:    off (ALERTHOOK_HEARTBEAT=1 sends one to the sink on every tick, for downstream to alarm on silence)';
  const minutes = timerMinutes(Number(environment.ALERTHOOK_REDRIVE_INTERVAL_MS ?? DEFAULT_REDRIVE_INTERVAL_MS));
  return `heartbeat:    on; the timer ${REDRIVE_TIMER} sends one to the sink every ${minutes} min`;
}

function fallbackLines(environment: Readonly<Record<string, string | undefined>>): string[] {
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
