import type { PayloadSchema } from './compiled-schema.js';
import type { AlertEvent, AlertSeverity } from '../event/alert-event.js';

/**
 * One alarm source of a cloud: Cloud Monitor, the managed Prometheus, later the log service. A
 * vendor (the cloud, one function) receives every one of its sources on one URL and tells them
 * apart by the body's shape (`looksLike`); `/<pathSegment>` under that URL names one explicitly.
 *
 * A source is one folder of its vendor: manifest.ts (this, without zod, so banners and deploy
 * output can list it at no cost) and provider.ts (a SourceProvider: this plus schema and normalizer),
 * one line in the vendor manifest's `sources` and one in its provider's.
 */
export interface SourceManifest {
  /** `monitor`, `prometheus`: also its folder's name. */
  readonly name: string;
  /** The product as its users know it, for messages: `Tencent Managed Service for Prometheus (TMP)`. */
  readonly title: string;
  /** What this source's senders call one delivery, for messages: `callback`, `notification`. */
  readonly noun: string;
  /** `/<vendor>/<pathSegment>` locally and `<function URL>/<pathSegment>` name this source explicitly. */
  readonly pathSegment: string;
  /** Whether a parsed body (and its headers) plausibly came from this source. */
  looksLike(body: unknown, headers: Readonly<Record<string, string>>): boolean;
  /** What to do in this product's console with the callback URL `url` (a placeholder where the secret goes). */
  consoleSteps(url: string): string[];
  /** A sample body, relative to the vendor's folder, that `serve` offers to post to this source's path. */
  readonly sample?: { readonly file: string; readonly headers: Readonly<Record<string, string>> };
  /**
   * For a product with no fixed body (a log service): where in its console alerthook's template goes,
   * and the template itself, loaded only by `alerthook template` (the manifests are loaded by every
   * function at its cold start, and no function needs the template's text).
   */
  readonly template?: { readonly where: string; load(): Promise<SourceTemplate> };
}

/**
 * A body template for the product's console, and the headers to set beside it. The body names its
 * own version (`cls/1`), so a later alerthook still reads bodies rendered from an older one.
 */
export interface SourceTemplate {
  readonly version: number;
  /** The template language, for the printout: `Go text/template (CLS)`. */
  readonly language: string;
  readonly body: string;
  /** `Name: value` lines; `<ALERTHOOK_TOKEN>` stands where the secret goes. */
  readonly headers: readonly string[];
}

/** A source whatever its payload and settings types (see AnyVendorProvider): what a vendor lists. */
// biome-ignore lint/suspicious/noExplicitAny: each source checks its own payload with its own schema
export type AnySourceProvider<Settings = any> = SourceProvider<any, Settings>;

/** A source, ready to receive: its manifest, schema and normalizer. */
export interface SourceProvider<Payload = unknown, Settings = unknown> extends SourceManifest {
  /** CloudEvents `source` of this product's events: `tencentcloud/monitor`, `volcengine/vmp`. */
  readonly source: string;
  /** Validates a parsed body; keeps unknown fields, is strict only on what `normalize` relies on. */
  readonly schema: PayloadSchema<Payload>;
  /** Whether a parsed body is the sender's URL check rather than an alarm: answered 200, stored nowhere. */
  isProbe(body: unknown): boolean;
  /** One or more events; `raw` is the body exactly as parsed, before the schema touched it. */
  normalize(payload: Payload, raw: unknown, context: NormalizeContext<Settings>): AlertEvent[];
  /** Fields the sender wants in a 200 answer (Tencent's old `{sessionId, retCode: 0}`). */
  acknowledgement(body: unknown): Record<string, unknown>;
  /** For a body its schema rejected: a first reason naming a known cause and its fix, or null. */
  diagnose?(body: unknown): string | null;
}

/** Everything a normalizer may depend on besides the payload. */
export interface NormalizeContext<Settings = unknown> {
  /** SHA-256 (hex) of the body bytes as received: the seed of every event id of this callback. */
  readonly bodyDigest: string;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Severity for alarms that carry none (`ALERTHOOK_DEFAULT_SEVERITY`). */
  readonly defaultSeverity: AlertSeverity;
  /** The vendor's own settings (its manifest's readSettings). */
  readonly settings: Settings;
  /**
   * When alerthook first received the body (a replayed dead letter: when it was first received).
   * The one input that varies per retry: only for a time the sender does not give (a resolved
   * Alertmanager-format alert without `endsAt`), never for ids or fingerprints.
   */
  readonly receivedAt: Date;
  /** Says something about the body worth a line in the request's log (a truncated notification). */
  note(message: string): void;
}
