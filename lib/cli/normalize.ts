import { parseVendorJson, decodeUtf8 } from '../json/parse-vendor-json.js';
import { loadConfig, DEFAULT_LOCAL_SINK, ConfigError } from '../config.js';
import { decodeCallback } from '../pipeline/decode-callback.js';
import { detectVendor, vendorByName, vendors } from '../vendors/registry.js';
import { CliError } from './cli-error.js';

/** `alerthook normalize`: the events a body yields, as the pipeline would store them. */
export function normalizeCommand(body: Uint8Array, options: { vendor: string | undefined; headers: readonly string[] }): string {
  const headers: Record<string, string> = {};
  for (const header of options.headers) {
    const colon = header.indexOf(':');
    if (colon < 1) throw new CliError(`--header takes 'Name: value', got "${header}"`, 2);
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }

  let vendor;
  if (options.vendor !== undefined) {
    vendor = vendorByName(options.vendor);
    if (vendor === undefined) throw new CliError(`unknown vendor "${options.vendor}": one of ${Object.keys(vendors).join(', ')}`, 2);
  } else {
    const text = decodeUtf8(body);
    const parsed = text.ok ? parseVendorJson(text.text) : text;
    if (!parsed.ok) throw new CliError(parsed.error);
    vendor = detectVendor(parsed.value, headers);
    if (vendor === undefined) throw new CliError(`cannot tell the vendor of this body; pass --vendor ${Object.keys(vendors).join('|')}`);
  }

  let settings;
  try {
    settings = loadConfig(process.env, { sinkUrl: DEFAULT_LOCAL_SINK }).normalize;
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message, 2) : error;
  }
  const decoded = decodeCallback(vendor, body, headers, settings);
  if (decoded.outcome === 'invalid') throw new CliError(`not a valid ${vendor.name} callback: ${decoded.errors.join('; ')}`);
  const events = decoded.outcome === 'events' ? decoded.events.map((e) => e.event) : [];
  return JSON.stringify(events, null, 2);
}
