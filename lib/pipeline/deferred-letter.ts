import { digest128 } from '../event/digest.js';

/**
 * A deferred letter's id: 12 hex digits of the arrival time in milliseconds, then 20 of a digest of
 * vendor, body and request. Stores list letters by id, so the listing is the order the callbacks
 * arrived in, and redrive delivers one alert's firing before its recovery. Unlike a dead letter's,
 * it is not a function of the body alone: a vendor's retry of a deferred body is a second letter
 * (arriving later), which redrive delivers with the same event ids, rather than an overwrite that
 * would move the first arrival behind later ones.
 */
export function deferredLetterId(receivedAt: Date, vendor: string, bodyDigest: string, requestId: string): string {
  const time = Math.max(0, Math.min(receivedAt.getTime(), 0xffffffffffff)).toString(16).padStart(12, '0');
  return `${time}${digest128([vendor, 'deferred', bodyDigest, requestId]).slice(0, 20)}`;
}

/** Headers that carry credentials; never stored with a dead or deferred letter. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'token', 'cookie', 'x-api-key']);

export function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!CREDENTIAL_HEADERS.has(name)) kept[name] = value;
  return kept;
}
