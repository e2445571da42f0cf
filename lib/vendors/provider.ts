import type * as z from 'zod';
import type { AlertEvent, AlertSeverity, VendorName } from '../event/alert-event.js';

/** What a normalizer may depend on besides the payload; nothing here varies per retry. */
export interface NormalizeContext {
  /** SHA-256 (hex) of the body bytes as received: the seed of every event id of this callback. */
  readonly bodyDigest: string;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly settings: NormalizeSettings;
}

export interface NormalizeSettings {
  /** Minutes east of UTC at which Tencent's zone-less times are read (default +480, Beijing). */
  readonly tencentUtcOffsetMinutes: number;
  /** Severity for alarms that carry none (Tencent policies without levels). */
  readonly defaultSeverity: AlertSeverity;
}

/** How to recognise a vendor's callbacks: light enough to sit in every function bundle. */
export interface VendorRecognizer {
  readonly name: VendorName;
  /** The monitor's name as its users know it, for messages. */
  readonly title: string;
  /** Whether a parsed body (and its headers) plausibly came from this vendor. */
  looksLike(body: unknown, headers: Readonly<Record<string, string>>): boolean;
}

/**
 * One monitor vendor: its payload schema, how to recognise its bodies, and its normalizer.
 * Adding a vendor is one folder exporting one of these and one line in `vendors/registry.ts`.
 */
export interface VendorProvider<Payload = unknown> extends VendorRecognizer {
  /** CloudEvents `source` of this vendor's events. */
  readonly source: string;
  /** Validates a parsed body; keeps unknown fields, is strict only on what `normalize` relies on. */
  readonly schema: z.ZodType<Payload>;
  /** Whether a parsed body is the vendor's URL check rather than an alarm: answered 200, stored nowhere. */
  isProbe(body: unknown): boolean;
  /** One or more events; `raw` is the body exactly as parsed, before the schema touched it. */
  normalize(payload: Payload, raw: unknown, context: NormalizeContext): AlertEvent[];
  /** Fields the vendor wants in a 200 answer (Tencent's old `{sessionId, retCode: 0}`). */
  acknowledgement(body: unknown): Record<string, unknown>;
}
