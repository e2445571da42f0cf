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
  return { minutes: deployedTimerMinutes(environment), argument: scheduledPayload(environment.ALERTHOOK_TOKEN ?? null) };
}

/** The timer's period for an environment, in whole minutes (the function states the same in its heartbeats). */
function deployedTimerMinutes(environment: Readonly<Record<string, string | undefined>>): number {
  return timerMinutes(Number(environment.ALERTHOOK_REDRIVE_INTERVAL_MS ?? DEFAULT_REDRIVE_INTERVAL_MS));
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
  return `heartbeat:    on; the timer ${REDRIVE_TIMER} sends one to the sink every ${deployedTimerMinutes(environment)} min`;
}

function fallbackLines(environment: Readonly<Record<string, string | undefined>>): string[] {
  const fallback = environment.ALERTHOOK_FALLBACK ?? '';
  if (fallback === '')
    return [
      'fallback:     none. While the sink is down, callbacks are answered 503 and lost once the vendor stops retrying',
      '              (about 20 s). For production set ALERTHOOK_FALLBACK to a bucket (s3://…, another service than the sink)',
      '              and deploy again: deploy then adds a timer that redrives it.',
    ];
  return [
    `fallback:     ${redactSinkUrls(fallback)}; the timer ${REDRIVE_TIMER} redrives it every ${deployedTimerMinutes(environment)} min`,
    ...(fallback.startsWith('file:')
      ? ['              (a file:// fallback in a function is /tmp, lost with the instance: use s3://)']
      : []),
  ];
}
