import { digest128 } from './digest.js';
import { toRfc3339 } from '../time/vendor-time.js';

/**
 * The heartbeat, a contract of its own beside the alert event: what the scheduled trigger sends to
 * the sink when `ALERTHOOK_HEARTBEAT` is on, so that downstream can page when alerthook goes silent
 * (a dead man's switch). Its own CloudEvents `type`, so a consumer of `alerthook.alert.v1` that
 * checks the type is not disturbed, and on the brokers its own routing key, tag or message key, so
 * one that does not check it is not reached by it unless it asks (see each sink's writeHeartbeat).
 *
 * Version 1: `data` may gain optional fields; anything else is a new type.
 */
export const HEARTBEAT_EVENT_TYPE = 'alerthook.heartbeat.v1';
export const HEARTBEAT_EVENT_DATASCHEMA = 'urn:alerthook:schema:heartbeat-event:v1';

/** How many intervals a beat stands for: Prometheus's Watchdog alert ends 4 resend periods ahead. */
export const HEARTBEAT_LIFETIME_INTERVALS = 4;

export interface HeartbeatData {
  schemaVersion: 1;
  /** The vendor whose callbacks this receiver takes. */
  vendor: string;
  /** `function` (the deployed timer) or `serve` (the local server's schedule). */
  runtime: 'function' | 'serve';
  /** How often a beat is sent. */
  intervalSeconds: number;
  /** When this beat stops vouching for alerthook: its time plus four intervals. Later than that with no newer beat, alarm. */
  expiresAt: string;
  /** Deferred letters left in the fallback store after this tick's redrive; null without a fallback store. */
  deferredWaiting: number | null;
}

export interface HeartbeatEvent {
  specversion: '1.0';
  /** One per vendor and tick (its scheduled time in steps of the interval): a retried timer invocation sends the same id. */
  id: string;
  source: string;
  type: typeof HEARTBEAT_EVENT_TYPE;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: typeof HEARTBEAT_EVENT_DATASCHEMA;
  data: HeartbeatData;
}

export interface HeartbeatDraft {
  vendor: string;
  runtime: HeartbeatData['runtime'];
  /** When it is sent: its time, and where its expiry counts from. */
  at: Date;
  /** When the tick was scheduled (the platform's fire time), which names it: a retried tick keeps its id. Default `at`. */
  scheduledAt?: Date;
  intervalMs: number;
  deferredWaiting: number | null;
}

export function buildHeartbeatEvent(draft: HeartbeatDraft): HeartbeatEvent {
  // A function's timer fires on whole minutes (a cron's `*/m` restarts each hour, so steps of the
  // interval from 1970 would give two ticks one id); serve's schedule may be faster than a minute.
  const step = draft.runtime === 'function' ? 60_000 : draft.intervalMs;
  const scheduled = (draft.scheduledAt ?? draft.at).getTime();
  const slot = toRfc3339(new Date(Math.floor(scheduled / step) * step));
  return {
    specversion: '1.0',
    id: digest128(['heartbeat', draft.vendor, draft.runtime, slot]),
    source: `alerthook/${draft.runtime}`,
    type: HEARTBEAT_EVENT_TYPE,
    subject: draft.vendor,
    time: toRfc3339(draft.at),
    datacontenttype: 'application/json',
    dataschema: HEARTBEAT_EVENT_DATASCHEMA,
    data: {
      schemaVersion: 1,
      vendor: draft.vendor,
      runtime: draft.runtime,
      intervalSeconds: Math.round(draft.intervalMs / 1000),
      expiresAt: toRfc3339(new Date(draft.at.getTime() + HEARTBEAT_LIFETIME_INTERVALS * draft.intervalMs)),
      deferredWaiting: draft.deferredWaiting,
    },
  };
}
