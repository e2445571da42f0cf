import type { CallbackRequest } from '../pipeline/callback.js';

/**
 * A scheduled invocation (the timer `serverless deploy` creates beside each function), as each
 * platform delivers it, from ../shared/cloud-apis/timers.md:
 * - SCF: the event itself is `{Type: "Timer", TriggerName, Time, Message}` (`Message` = the
 *   trigger's CustomArgument); case of `Type` compared loosely, as the documents disagree.
 * - veFaaS `node20/v1`: a CloudEvents 1.0 envelope, `type: "faas.timer.event"` (older runtimes
 *   `bytefaas.timer.event`), `source: /faas/event/timer/{id}`, `data` = the timer's Payload; as an
 *   object, or as a Buffer or string holding it (unconfirmed which).
 * - veFaaS native runtime: an HTTP request with `X-Faas-Event-Type: cloudevent`, in either mode of
 *   the CloudEvents HTTP binding (binary: `ce-type` header, body = Payload; structured:
 *   `application/cloudevents+json`, body = the envelope).
 * Only the shape is recognised here; the runtime checks that the payload is the deployed one.
 */
export interface ScheduledTick {
  readonly transport: 'scf-timer' | 'vefaas-timer' | 'vefaas-native-timer';
  /** When the platform fired it. */
  readonly firedAt: string;
  /** The trigger's argument, as it arrived. */
  readonly payload: string;
}

const TIMER_TYPES = new Set(['faas.timer.event', 'bytefaas.timer.event']);
/** Fields of the platforms' HTTP events: an event with any of them is a request, never a timer. */
const HTTP_EVENT_FIELDS = ['httpMethod', 'requestContext', 'headers', 'body', 'path', 'rawPath', 'queryString'];

function asObject(event: unknown): Record<string, unknown> | null {
  let value = event;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const object = value as Record<string, unknown>;
  return HTTP_EVENT_FIELDS.some((field) => Object.hasOwn(object, field)) ? null : object;
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** An event function's event, if it is its platform's timer. */
export function scheduledTickOf(platform: 'scf' | 'vefaas', event: unknown): ScheduledTick | null {
  const object = asObject(event);
  if (object === null) return null;
  if (platform === 'scf') {
    if (text(object.Type).toLowerCase() !== 'timer' || typeof object.TriggerName !== 'string') return null;
    return { transport: 'scf-timer', firedAt: text(object.Time), payload: text(object.Message) };
  }
  if (!TIMER_TYPES.has(text(object.type)) || text(object.specversion) === '') return null;
  return { transport: 'vefaas-timer', firedAt: text(object.time), payload: cloudEventData(object.data) };
}

/** A native runtime's request, if the platform marked it a timer's CloudEvent. */
export function scheduledTickOfRequest(request: CallbackRequest): ScheduledTick | null {
  if ((request.headers['x-faas-event-type'] ?? '').toLowerCase() !== 'cloudevent') return null;
  const body = request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
  if (TIMER_TYPES.has(request.headers['ce-type'] ?? ''))
    return { transport: 'vefaas-native-timer', firedAt: request.headers['ce-time'] ?? '', payload: body };
  if (!(request.headers['content-type'] ?? '').startsWith('application/cloudevents+json')) return null;
  const envelope = asObject(body);
  if (envelope === null || !TIMER_TYPES.has(text(envelope.type))) return null;
  return { transport: 'vefaas-native-timer', firedAt: text(envelope.time), payload: cloudEventData(envelope.data) };
}

/** The envelope's `data`: the Payload string; base64 in `data_base64` when the runtime sends it so. */
function cloudEventData(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return typeof data === 'string' ? data : data === undefined || data === null ? '' : JSON.stringify(data);
}
