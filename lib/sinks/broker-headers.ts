import type { AlertEvent } from '../event/alert-event.js';
import type { HeartbeatEvent } from '../event/heartbeat-event.js';
import type { DeadLetter } from '../pipeline/delivery.js';

/**
 * The headers every broker sink puts on a message (Kafka record headers, AMQP message headers,
 * RocketMQ message properties), so a consumer routes or filters the same way whatever it reads:
 *
 * - an event: the CloudEvents attributes as `ce_*` (the Kafka protocol binding's names) beside the
 *   structured-mode content type, and alerthook's routing fields as `alerthook-*`;
 * - a heartbeat: its CloudEvents attributes and its vendor (no fingerprint, status or severity, so
 *   a consumer routing alerts by them does not take it for one);
 * - a dead letter: its vendor, why it was refused, the request and when it came.
 */
export const CLOUDEVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export function eventHeaders(event: AlertEvent): Record<string, string> {
  return {
    ...cloudEventAttributes(event),
    'alerthook-fingerprint': event.data.fingerprint,
    'alerthook-status': event.data.status,
    'alerthook-severity': event.data.severity,
    'alerthook-vendor': event.data.vendor,
  };
}

/**
 * The message key (Kafka) and sharding key (RocketMQ) of a vendor's heartbeats: one per vendor, so
 * each vendor's beats go to one partition or queue, in order, and a consumer filtering by key finds
 * them (README, Heartbeat).
 */
export function heartbeatMessageKey(event: HeartbeatEvent): string {
  return `heartbeat/${event.data.vendor}`;
}

export function heartbeatHeaders(event: HeartbeatEvent): Record<string, string> {
  return { ...cloudEventAttributes(event), 'alerthook-vendor': event.data.vendor };
}

function cloudEventAttributes(event: AlertEvent | HeartbeatEvent): Record<string, string> {
  return {
    'content-type': CLOUDEVENT_CONTENT_TYPE,
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_time: event.time,
    ce_dataschema: event.dataschema,
    ...(event.subject === undefined ? {} : { ce_subject: event.subject }),
  };
}

/** @param bodyEncoding where the transport carries text only and the body is encoded (RocketMQ: base64). */
export function deadLetterHeaders(letter: DeadLetter, bodyEncoding?: 'base64'): Record<string, string> {
  return {
    'content-type': 'application/octet-stream',
    'alerthook-vendor': letter.vendor,
    'alerthook-errors': asciiJson(letter.errors),
    'alerthook-request-id': letter.requestId,
    'alerthook-received-at': letter.receivedAt,
    ...(bodyEncoding === undefined ? {} : { 'alerthook-body-encoding': bodyEncoding }),
  };
}

/** JSON with every character outside ASCII escaped, so it fits where only ASCII does (HTTP headers). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
