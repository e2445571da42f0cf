import { BODY_TOO_LARGE, type CallbackRequest, type CallbackResponse } from '../pipeline/callback.js';

/**
 * Header maps from any platform: names lower-cased, arrays joined, non-strings stringified, and
 * values trimmed: leading and trailing white space is not part of a field value (RFC 9110 §5.5).
 * Node's HTTP parser already trims; platform events may not, and every header must read the same.
 */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === null || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = (Array.isArray(value) ? value.map(String).join(', ') : String(value)).trim();
  }
  return out;
}

/** Query parameters given as an object (`{token: "x"}`) or as a raw string (`token=x&a=b`). */
export function normalizeQuery(query: unknown): Record<string, string> {
  if (typeof query === 'string') return Object.fromEntries(new URLSearchParams(query.startsWith('?') ? query.slice(1) : query));
  const out: Record<string, string> = {};
  if (query === null || typeof query !== 'object') return out;
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? String(value[0] ?? '') : String(value);
  }
  return out;
}

/**
 * A platform event's body as bytes. Strings are UTF-8 unless flagged base64; an object (a
 * gateway that parsed the JSON for us) is serialized back. Bodies over `limit` bytes are not
 * decoded at all.
 */
export function bodyBytes(body: unknown, base64: boolean, limit: number): Uint8Array | null | typeof BODY_TOO_LARGE {
  if (body === undefined || body === null || body === '') return null;
  if (typeof body !== 'string') body = JSON.stringify(body);
  const text = body as string;
  // Cheap upper bounds first, so an oversize body is refused without a copy.
  const bound = base64 ? Math.floor((text.length * 3) / 4) : text.length * 3;
  if (bound > limit && (base64 ? bound - 2 : Buffer.byteLength(text, 'utf8')) > limit) return BODY_TOO_LARGE;
  const bytes = base64 ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return bytes.length > limit ? BODY_TOO_LARGE : bytes;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Whether an unflagged body is plainly base64 of a JSON document: not JSON itself, strict base64,
 * and decoding to text that opens with `{` or `[`. Used where a gateway's base64 flag is
 * unconfirmed (veFaaS).
 */
export function looksLikeBase64Json(body: unknown): body is string {
  if (typeof body !== 'string' || body.length < 4) return false;
  const first = body.trimStart()[0];
  if (first === '{' || first === '[' || !BASE64.test(body)) return false;
  const head = Buffer.from(body.slice(0, 64), 'base64')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{') || head.startsWith('[');
}

/** The platform's request id where it gives one, so a log line can be found from the console. */
export function requestIdFrom(context: unknown, headers: Readonly<Record<string, string>>): string {
  if (context !== null && typeof context === 'object') {
    const c = context as Record<string, unknown>;
    for (const key of ['request_id', 'requestId', 'RequestId']) {
      const value = c[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return headers['x-scf-request-id'] ?? headers['x-request-id'] ?? headers['x-faas-request-id'] ?? newRequestId();
}

/**
 * A UUID for a request the platform gave no id. Web Crypto's, which Node loads on first use only:
 * importing node:crypto here would load it at every cold start (~12 M instructions) for a fallback
 * the platforms' contexts make rare. Node 18 has Web Crypto only behind a flag; there the id is
 * merely unique enough to find a log line by.
 */
function newRequestId(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/** The fields every HTTP-trigger event shares, whatever the platform calls the rest. */
export interface HttpTriggerEvent {
  httpMethod: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A CallbackRequest from an HTTP-trigger event. Envelopes differ only in where the query lives,
 * whether the body is base64, and whether the gateway names the request; they say so in `parts`.
 */
export function fromHttpTriggerEvent(
  transport: string,
  event: HttpTriggerEvent,
  parts: { query: unknown; base64: boolean; requestId?: unknown },
  context: unknown,
  maxBodyBytes: number,
): CallbackRequest {
  const headers = normalizeHeaders(event.headers);
  return {
    transport,
    method: event.httpMethod.toUpperCase(),
    path: event.path ?? '/',
    headers,
    query: normalizeQuery(parts.query),
    body: bodyBytes(event.body, parts.base64, maxBodyBytes),
    requestId: typeof parts.requestId === 'string' && parts.requestId !== '' ? parts.requestId : requestIdFrom(context, headers),
    platformAuthenticated: false,
  };
}

export function isHttpEvent(event: unknown): event is HttpTriggerEvent & Record<string, unknown> {
  return typeof event === 'object' && event !== null && typeof (event as { httpMethod?: unknown }).httpMethod === 'string';
}

/** The integration response shape shared by SCF and veFaaS HTTP triggers. */
export function toHttpTriggerResult(response: CallbackResponse): unknown {
  return { isBase64Encoded: false, statusCode: response.statusCode, headers: response.headers, body: response.body };
}
