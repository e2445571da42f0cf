import { envValue, type Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { toHeartbeatAlert, toPostableAlert, type PostableAlert } from './alerts.js';

/**
 * `alertmanager://HOST:PORT[/PATH][?hold=24h]` and `alertmanager+https://…`: Prometheus
 * Alertmanager, which routes, groups, silences and notifies (WeCom, email, PagerDuty, webhooks).
 * One `POST PATH/api/v2/alerts` per callback with one alert per event (alerts.ts); a 2xx answer is
 * the acknowledgement, anything else a failure, so the vendor retries.
 *
 * Credentials: ALERTHOOK_ALERTMANAGER_USERNAME / ALERTHOOK_ALERTMANAGER_PASSWORD (Basic), or
 * ALERTHOOK_ALERTMANAGER_TOKEN (Bearer). Alertmanager has nowhere to keep a dead letter.
 */
export interface AlertmanagerOptions {
  endpoint: string;
  holdMs: number;
}

const HOLD = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseAlertmanagerUrl(text: string): AlertmanagerOptions {
  const url = new URL(text);
  const tls = url.protocol === 'alertmanager+https:';
  if (!tls && url.protocol !== 'alertmanager:')
    throw new Error('alertmanager sink URL must be alertmanager://HOST:PORT[/PATH] or alertmanager+https://…');
  if (url.username !== '' || url.password !== '')
    throw new Error('alertmanager sink: credentials go in ALERTHOOK_ALERTMANAGER_USERNAME/PASSWORD or _TOKEN, not in the URL');
  const holdText = url.searchParams.get('hold') ?? '24h';
  const hold = HOLD.exec(holdText);
  if (!hold || Number(hold[1]) <= 0)
    throw new Error(`alertmanager sink option hold=${holdText}: expected a duration like 24h, 90m or 3600s`);
  return {
    endpoint: `${tls ? 'https' : 'http'}://${url.host}${url.pathname.replace(/\/+$/, '')}`,
    holdMs: Number(hold[1]) * UNIT_MS[hold[2] as keyof typeof UNIT_MS],
  };
}

function authorization(env: Env): Record<string, string> {
  const token = envValue(env, 'ALERTHOOK_ALERTMANAGER_TOKEN');
  if (token !== undefined) return { authorization: `Bearer ${token}` };
  const username = envValue(env, 'ALERTHOOK_ALERTMANAGER_USERNAME');
  const password = envValue(env, 'ALERTHOOK_ALERTMANAGER_PASSWORD');
  if (username === undefined && password === undefined) return {};
  return { authorization: `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}` };
}

export function createAlertmanagerSink(text: string, env: Env, now: () => Date = () => new Date()): Sink {
  const options = parseAlertmanagerUrl(text);
  const url = `${options.endpoint}/api/v2/alerts`;
  const headers = { 'content-type': 'application/json', ...authorization(env) };
  return {
    description: `alertmanager ${options.endpoint} (firing alerts held ${options.holdMs / 1000} s)`,
    keepsDeadLetters: false,
    writeEvents: (events: readonly EncodedEvent[], signal?: AbortSignal) =>
      postAlerts(
        events.map(({ event }) => toPostableAlert(event, { holdMs: options.holdMs, now: now() })),
        signal,
      ),
    writeHeartbeat: ({ event }: EncodedHeartbeat, signal?: AbortSignal) => postAlerts([toHeartbeatAlert(event)], signal),
    async writeDeadLetter(letter: DeadLetter) {
      throw new Error(`alertmanager has nowhere to keep dead letter ${letter.id}: set ALERTHOOK_DEAD_LETTER`);
    },
    async close() {},
  };

  async function postAlerts(alerts: PostableAlert[], signal?: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(alerts),
        redirect: 'manual',
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw errorAt(`POST ${url}`, error);
    }
    const answer = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status}${answer === '' ? '' : ` ${answer.slice(0, 200).trim()}`}`);
  }
}
