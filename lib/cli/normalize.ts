import { DEFAULT_LOCAL_SINK } from '../config.js';
import { parseHeaderLine } from '../header-line.js';
import { decodeUtf8, parseVendorJson } from '../json/parse-vendor-json.js';
import { decodeCallback } from '../pipeline/decode-callback.js';
import { detectVendor, registeredVendor, registeredVendors, vendorNames } from '../vendors/registry.js';
import type { VendorRegistration } from '../vendors/vendor.js';
import { loadCliConfig } from './cli-config.js';
import { CliError, USAGE_MISTAKE } from './cli-error.js';
import type { CliCommand } from './command.js';
import { readInput } from './read-input.js';

export const normalizeCommand: CliCommand = {
  name: 'normalize',
  summary: 'Print the JSON array of alert events a callback body yields, as the receiver would store them.',
  operands: 'FILE|-',
  arity: { min: 1, max: 1 },
  options: {
    vendor: {
      type: 'string',
      value: vendorNames(),
      description: 'the vendor of the body (detected from the body and headers when not given)',
    },
    header: {
      type: 'string',
      multiple: true,
      value: "'Name: value'",
      description: 'a request header the callback came with, e.g. x-volc-trace-id (repeatable)',
    },
  },
  description:
    'Reads FILE, or standard input for -. Nothing is stored and no server is needed. A body that is not a valid callback is reported with the reasons, exit 1.',
  examples: [
    'alerthook normalize lib/vendors/tencent/samples/metric.json',
    "alerthook normalize --vendor volcengine --header 'x-volc-trace-id: t-1' - < lib/vendors/volcengine/samples/metric.json",
  ],
  async run(values, [file]) {
    const body = await readInput(file as string);
    const events = await normalizeCallbackBody(body, {
      vendor: values.vendor as string | undefined,
      headers: (values.header as string[] | undefined) ?? [],
    });
    process.stdout.write(`${events}\n`);
    return 0;
  },
};

/** The events a body yields, as pretty JSON: what `alerthook normalize` prints. */
export async function normalizeCallbackBody(
  body: Uint8Array,
  options: { vendor: string | undefined; headers: readonly string[] },
): Promise<string> {
  const headers: Record<string, string> = {};
  for (const line of options.headers) {
    const header = parseHeaderLine(line);
    if (header === null) throw new CliError(`--header takes 'Name: value', got "${line}"`, USAGE_MISTAKE);
    headers[header.name] = header.value;
  }

  let manifest: VendorRegistration | undefined;
  if (options.vendor !== undefined) {
    manifest = registeredVendor(options.vendor);
    if (manifest === undefined) throw new CliError(`unknown vendor "${options.vendor}": one of ${vendorNames(', ')}`, USAGE_MISTAKE);
  } else {
    const text = decodeUtf8(body);
    const parsed = text.ok ? parseVendorJson(text.text) : text;
    if (!parsed.ok) throw new CliError(parsed.error);
    manifest = detectVendor(parsed.value, headers);
    if (manifest === undefined) throw new CliError(`cannot tell the vendor of this body; pass --vendor ${vendorNames()}`);
  }
  const vendor = await manifest.load();

  const decoded = decodeCallback(vendor, body, headers, loadCliConfig(DEFAULT_LOCAL_SINK).normalize, { otherVendors: registeredVendors() });
  if (decoded.outcome === 'invalid') throw new CliError(`not a valid ${vendor.name} callback: ${decoded.errors.join('; ')}`);
  const events = decoded.outcome === 'events' ? decoded.events.map((e) => e.event) : [];
  return JSON.stringify(events, null, 2);
}
