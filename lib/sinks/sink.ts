import type { AlertEvent } from '../event/alert-event.js';

/** An event and its JSON, serialized once by the pipeline and shared by every sink. */
export interface EncodedEvent {
  readonly event: AlertEvent;
  readonly json: string;
}

/** A body that could not become events, kept byte for byte with the reasons. */
export interface DeadLetter {
  /** Deterministic from vendor and body, so a retried bad body rewrites one letter. */
  readonly id: string;
  readonly vendor: string;
  readonly receivedAt: string;
  readonly requestId: string;
  readonly transport: string;
  readonly errors: readonly string[];
  /** Request headers without credentials. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * Where events go. Each method resolves only once what it was given is durable (written and
 * synced, acknowledged by the broker, …) and rejects otherwise; the pipeline answers the vendor
 * 2xx only after it resolves. Writing the same event id twice must not make two events.
 */
export interface Sink {
  /** For logs and the start-up banner; carries no credentials. */
  readonly description: string;
  /** `signal` aborts when the callback's time budget runs out; a sink should stop waiting then. */
  writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal): Promise<void>;
  writeDeadLetter(letter: DeadLetter, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * One key layout for every store that names objects (directories, buckets), so a consumer that
 * reads one reads all:
 *   events/<vendor>/<YYYY-MM-DD of the event time>/<id>.json
 *   dead-letter/<vendor>/<id>.body   and   dead-letter/<vendor>/<id>.json
 * Keys are functions of the event alone, so a redelivery rewrites the same key.
 */
export function eventKey(event: AlertEvent): string {
  return `events/${event.data.vendor}/${eventDate(event)}/${event.id}.json`;
}

export function deadLetterKeys(letter: DeadLetter): { body: string; meta: string } {
  const base = `dead-letter/${letter.vendor}/${letter.id}`;
  return { body: `${base}.body`, meta: `${base}.json` };
}

/** The meta document stored beside a dead letter's body (`<id>.json`). */
export interface DeadLetterMeta {
  id: string;
  vendor: string;
  receivedAt: string;
  requestId: string;
  transport: string;
  bodyBytes: number;
  errors: string[];
  headers: Record<string, string>;
  /** Added when `alerthook replay` delivered it, as it moves the letter under `replayed/`. */
  replayed?: { at: string; by: string; to: string; eventIds: string[] };
}

/** The meta document stored beside a dead letter's body. */
export function deadLetterMeta(letter: DeadLetter): string {
  return `${JSON.stringify(
    {
      id: letter.id,
      vendor: letter.vendor,
      receivedAt: letter.receivedAt,
      requestId: letter.requestId,
      transport: letter.transport,
      bodyBytes: letter.body.length,
      errors: letter.errors,
      headers: letter.headers,
    },
    null,
    2,
  )}\n`;
}

/** `YYYY-MM-DD` of an event's time: the date part of every event key, so stores can be pruned by day. */
export function eventDate(event: AlertEvent): string {
  return event.time.slice(0, 10);
}
