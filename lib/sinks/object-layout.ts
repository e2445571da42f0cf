import type { AlertEvent } from '../event/alert-event.js';
import type { DeadLetter, DeadLetterMeta } from '../pipeline/delivery.js';
import type { DeadLetterRef, LetterShelf } from './sink.js';

export type { LetterShelf };

/**
 * One key layout for every store that names objects (directories, buckets), so a consumer that
 * reads one reads all:
 *   events/<vendor>/<YYYY-MM-DD of the event time>/<id>.json
 *   dead-letter/<vendor>/<id>.body   and   dead-letter/<vendor>/<id>.json
 *   heartbeat/<vendor>.json   (the latest heartbeat, rewritten by each: its age is what to alarm on)
 * Keys are functions of the event alone, so a redelivery rewrites the same key.
 */
export function eventKey(event: AlertEvent): string {
  return `events/${event.data.vendor}/${eventDate(event)}/${event.id}.json`;
}

export function heartbeatKey(vendor: string): string {
  return `heartbeat/${vendor}.json`;
}

export function deadLetterKeys(letter: DeadLetter, shelf: LetterShelf = 'dead-letter'): { body: string; meta: string } {
  const base = `${shelf}/${letter.vendor}/${letter.id}`;
  return { body: `${base}.body`, meta: `${base}.json` };
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
      ...(letter.path === undefined ? {} : { path: letter.path }),
    },
    null,
    2,
  )}\n`;
}

/** `YYYY-MM-DD` of an event's time: the date part of every event key, so stores can be pruned by day. */
export function eventDate(event: AlertEvent): string {
  return event.time.slice(0, 10);
}

/**
 * The letters a listing of keys names (`dead-letter/<vendor>/<id>.body`; metas and temporary files
 * are not letters), by vendor and id, so every store lists them in the same order.
 */
export function deadLetterRefs(keys: readonly string[], shelf: LetterShelf = 'dead-letter'): DeadLetterRef[] {
  const refs: DeadLetterRef[] = [];
  const pattern = new RegExp(`^${shelf}/([a-z0-9_-]+)/([0-9a-f]{32})\\.body$`);
  for (const key of keys) {
    const match = pattern.exec(key);
    if (match) refs.push({ vendor: match[1] as string, id: match[2] as string });
  }
  return refs.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.id.localeCompare(b.id));
}

export function parseDeadLetterMeta(bytes: Uint8Array | null): DeadLetterMeta | null {
  if (bytes === null) return null;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DeadLetterMeta) : null;
  } catch {
    return null;
  }
}

export function serializeDeadLetterMeta(meta: DeadLetterMeta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

/** The meta of a letter whose meta document is missing or unreadable (its body alone still counts). */
export function placeholderMeta(letter: DeadLetterRef, bodyBytes: number): DeadLetterMeta {
  return { id: letter.id, vendor: letter.vendor, receivedAt: '', requestId: '', transport: '', bodyBytes, errors: [], headers: {} };
}
