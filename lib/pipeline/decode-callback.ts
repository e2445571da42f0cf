import { decodeUtf8, parseVendorJson } from '../json/parse-vendor-json.js';
import { sha256Hex } from '../event/digest.js';
import type { NormalizeSettings } from '../config.js';
import type { VendorManifest, VendorProvider } from '../vendors/vendor.js';
import type { EncodedEvent } from './delivery.js';
import { describeIssues } from './describe-issues.js';

export type DecodedCallback =
  /** The vendor's URL check: answer 200, store nothing. */
  | { outcome: 'probe'; body: unknown }
  | { outcome: 'events'; body: unknown; events: EncodedEvent[] }
  /** Not a valid alarm: the reasons, for the dead letter. */
  | { outcome: 'invalid'; body: unknown; errors: string[] };

/** What a misdirected body's first reason can name: a vendor's manifest is enough, no schema. */
export type VendorRecognizer = Pick<VendorManifest, 'name' | 'title' | 'looksLike'>;

export interface DecodeOptions {
  /** SHA-256 (hex) of the bytes, when the caller has it already. */
  readonly bodyDigest?: string;
  /** The other vendors, so that a body of theirs is dead-lettered with where to send it. */
  readonly otherVendors?: readonly VendorRecognizer[];
}

/**
 * Body bytes → events: decode, parse, recognise a probe, validate, normalize, serialize.
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
  if (!parsed.ok) return { outcome: 'invalid', body: undefined, errors: [parsed.error] };
  const body = parsed.value;
  if (vendor.isProbe(body)) return { outcome: 'probe', body };

  const result = vendor.schema.safeParse(body, ++parsesSoFar > PARSES_BEFORE_COMPILING ? undefined : INTERPRETED);
  if (!result.success) {
    const misdirected = otherVendorClaiming(vendor, options.otherVendors ?? [], body, headers);
    return {
      outcome: 'invalid',
      body,
      errors: [...(misdirected === null ? [] : [misdirected]), ...describeIssues(result.error.issues, body)],
    };
  }
  try {
    const vendorSettings = Object.hasOwn(settings.vendors, vendor.name) ? settings.vendors[vendor.name] : vendor.readSettings({});
    const bodyDigest = options.bodyDigest ?? sha256Hex(bytes);
    const events = vendor.normalize(result.data, body, {
      bodyDigest,
      headers,
      defaultSeverity: settings.defaultSeverity,
      settings: vendorSettings,
    });
    return { outcome: 'events', body, events: events.map((event) => ({ event, json: JSON.stringify(event) })) };
  } catch (error) {
    // Reached only by bodies the schema let through but that cannot be represented, e.g. nesting
    // too deep for JSON.stringify in a field kept in `raw`.
    return {
      outcome: 'invalid',
      body,
      errors: [`could not normalize: ${error instanceof RangeError ? 'payload nested too deeply' : 'unexpected payload shape'}`],
    };
  }
}

/**
 * zod compiles a fast path for each object schema the first time it parses with it (about 2 ms for
 * a vendor's schemas), which pays for itself only after dozens of parses, and a function instance
 * may live for a single callback. So a process's first parses take zod's plain path, the rest the
 * compiled one; both give the same result.
 */
const PARSES_BEFORE_COMPILING = 50;
const INTERPRETED = { jitless: true } as const;
let parsesSoFar = 0;

/**
 * When a body this vendor rejects looks like another vendor's callback, the first reason says so and
 * where to send it: a console pointed at the wrong function is a common first-day mistake, and
 * "alarmPolicyInfo: expected object" would not tell the user that.
 */
function otherVendorClaiming(
  vendor: VendorProvider,
  others: readonly VendorRecognizer[],
  body: unknown,
  headers: Readonly<Record<string, string>>,
): string | null {
  if (vendor.looksLike(body, headers)) return null;
  const other = others.find((candidate) => candidate.name !== vendor.name && candidate.looksLike(body, headers));
  if (other === undefined) return null;
  return `this looks like a ${other.title} callback, not a ${vendor.title} one: send it to the ${other.name} endpoint (POST /${other.name} on alerthook serve, or the alerthook ${other.name} function's URL), or normalize it with --vendor ${other.name}`;
}
