import { decodeUtf8, parseVendorJson } from '../json/parse-vendor-json.js';
import { sha256Hex } from '../event/digest.js';
import type { NormalizeSettings } from '../config.js';
import type { SourceManifest, SourceProvider } from '../vendors/source.js';
import type { VendorManifest, VendorProvider } from '../vendors/vendor.js';
import { sourcesOf } from '../vendors/vendor-sources.js';
import type { EncodedEvent } from './delivery.js';
import { describeIssues } from './describe-issues.js';

export type DecodedCallback =
  /** The sender's URL check: answer 200, store nothing. `source` is the source that recognised it. */
  | { outcome: 'probe'; body: unknown; source: SourceProvider }
  /** `notes`: what the normalizer said about the body, for the request's log line. */
  | { outcome: 'events'; body: unknown; source: SourceProvider; events: EncodedEvent[]; notes: string[] }
  /** Not a valid alarm: the reasons, for the dead letter. */
  | { outcome: 'invalid'; body: unknown; source?: SourceProvider; errors: string[] };

/** What a misdirected body's first reason can name: a vendor's manifest is enough, no schema. */
export type VendorRecognizer = Pick<VendorManifest, 'name' | 'title' | 'looksLike' | 'sources'>;

export interface DecodeOptions {
  /** SHA-256 (hex) of the bytes, when the caller has it already. */
  readonly bodyDigest?: string;
  /** The other vendors, so that a body of theirs is dead-lettered with where to send it. */
  readonly otherVendors?: readonly VendorRecognizer[];
  /** The source the request named (its path's `/prometheus`); else the body's shape picks one. */
  readonly sourceName?: string | undefined;
  /** When the body was first received (default now): only for times the sender does not give. */
  readonly receivedAt?: Date;
}

/**
 * Body bytes → events: decode, parse, pick the vendor's source (the one named, else the first whose
 * shape the body has, else the default), recognise a probe, validate, normalize, serialize.
 * Never throws: whatever goes wrong with a body is an `invalid` result naming why, because a body
 * is input from outside and every failure of it belongs in the dead-letter store, not in a crash.
 */
export function decodeCallback(
  vendor: VendorProvider,
  bytes: Uint8Array,
  headers: Readonly<Record<string, string>>,
  settings: NormalizeSettings,
  options: DecodeOptions = {},
): DecodedCallback {
  const text = decodeUtf8(bytes);
  if (!text.ok) return { outcome: 'invalid', body: undefined, errors: [text.error] };
  const parsed = parseVendorJson(text.text);
  const sources = sourcesOf(vendor);
  const named = options.sourceName === undefined ? undefined : sources.find((candidate) => candidate.name === options.sourceName);
  if (!parsed.ok) {
    // A log service's console renders whatever template it was given (its default one is no JSON we know): say which to give it.
    const hint =
      named?.template === undefined
        ? []
        : [named.diagnose?.(undefined) ?? `paste the template \`alerthook template ${named.name}\` prints`];
    return { outcome: 'invalid', body: undefined, errors: [parsed.error, ...hint] };
  }
  const body = parsed.value;
  const source = named ?? sources.find((candidate) => candidate.looksLike(body, headers)) ?? (sources[0] as SourceProvider);
  if (source.isProbe(body)) return { outcome: 'probe', body, source };

  const result = source.schema.safeParse(body);
  if (!result.success) {
    const misdirected = otherSourceClaiming(vendor, source, options.otherVendors ?? [], body, headers) ?? source.diagnose?.(body) ?? null;
    return {
      outcome: 'invalid',
      body,
      source,
      errors: [...(misdirected === null ? [] : [misdirected]), ...describeIssues(result.error.issues, body)],
    };
  }
  try {
    const vendorSettings = Object.hasOwn(settings.vendors, vendor.name) ? settings.vendors[vendor.name] : vendor.readSettings({});
    const bodyDigest = options.bodyDigest ?? sha256Hex(bytes);
    const notes: string[] = [];
    const context = {
      bodyDigest,
      headers,
      defaultSeverity: settings.defaultSeverity,
      settings: vendorSettings,
      receivedAt: options.receivedAt ?? new Date(),
      note: (message: string) => void notes.push(message),
    };
    const events = source.normalize(result.data, body, context);
    return { outcome: 'events', body, source, events: events.map((event) => ({ event, json: JSON.stringify(event) })), notes };
  } catch (error) {
    // Reached only by bodies the schema let through but that cannot be represented, e.g. nesting
    // too deep for JSON.stringify in a field kept in `raw`.
    return {
      outcome: 'invalid',
      body,
      source,
      errors: [`could not normalize: ${error instanceof RangeError ? 'payload nested too deeply' : 'unexpected payload shape'}`],
    };
  }
}

/**
 * When a body this source rejects looks like another source's (of this vendor: sent to the wrong
 * path; of another vendor: to the wrong function), the first reason says so and where to send it:
 * a console pointed at the wrong URL is a common first-day mistake, and "alarmPolicyInfo: expected
 * object" would not tell the user that.
 */
function otherSourceClaiming(
  vendor: VendorProvider,
  source: SourceManifest,
  others: readonly VendorRecognizer[],
  body: unknown,
  headers: Readonly<Record<string, string>>,
): string | null {
  if (source.looksLike(body, headers)) return null;
  const sibling = sourcesOf(vendor).find((candidate) => candidate !== source && candidate.looksLike(body, headers));
  if (sibling !== undefined) {
    const path = sibling.pathSegment === '' ? vendor.httpPath : `${vendor.httpPath}/${sibling.pathSegment}`;
    return `this looks like a ${sibling.title} ${sibling.noun}, not a ${source.title} one: send it to POST ${path} on alerthook serve (the function's URL with /${sibling.pathSegment}, or the URL alone)`;
  }
  const other = others.find((candidate) => candidate.name !== vendor.name && candidate.looksLike(body, headers));
  if (other === undefined) return null;
  const claimed = other.sources?.find((candidate) => candidate.looksLike(body, headers));
  const what = claimed === undefined ? `${other.title} callback` : `${claimed.title} ${claimed.noun}`;
  return `this looks like a ${what}, not a ${source.title} one: send it to the ${other.name} endpoint (POST /${other.name} on alerthook serve, or the alerthook ${other.name} function's URL), or normalize it with --vendor ${other.name}`;
}
