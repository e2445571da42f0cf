import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/package-root.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { sourceNamedByPath, sourcesOf } from '../../lib/vendors/vendor-sources.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';

// What every registered vendor's sources must keep, whatever they are: a third source (log alarms)
// is held to the same without an edit here.

describe.each(registeredVendors().map((vendor) => [vendor.name, vendor] as const))('%s sources', (_, manifest) => {
  it('lists the same sources, in the same order, in its manifest and its provider', async () => {
    const provider = await manifest.load();
    expect(sourcesOf(provider).map((source) => source.name)).toEqual((manifest.sources ?? []).map((source) => source.name));
  });

  it('gives each source its own path segment and CloudEvents source', async () => {
    const sources = sourcesOf(await manifest.load());
    expect(new Set(sources.map((source) => source.pathSegment)).size).toBe(sources.length);
    expect(new Set(sources.map((source) => source.source)).size).toBe(sources.length);
  });

  it("recognises each source's sample as that source, on the one URL and on its own path", async () => {
    const provider = await manifest.load();
    for (const source of sourcesOf(provider)) {
      const sample = source.sample ?? (source === sourcesOf(provider)[0] ? manifest.sample : undefined);
      expect(sample, `${source.name} has a sample`).toBeDefined();
      const file = join(packageRoot(), 'lib', 'vendors', manifest.name, sample?.file as string);
      expect(existsSync(file), file).toBe(true);
      const bytes = readFileSync(file);
      for (const sourceName of [undefined, source.name]) {
        const decoded = decodeCallback(provider, bytes, sample?.headers ?? {}, NORMALIZE_SETTINGS, { sourceName });
        expect(decoded.outcome, `${source.name} via ${sourceName ?? 'the vendor URL'}`).toBe('events');
        if (decoded.outcome === 'events') expect(new Set(decoded.events.map((e) => e.event.source))).toEqual(new Set([source.source]));
      }
      expect(sourceNamedByPath(sourcesOf(provider), `/${manifest.name}/${source.pathSegment}`)?.name).toBe(source.name);
    }
    expect(sourceNamedByPath(sourcesOf(provider), manifest.httpPath)).toBeUndefined();
  });
});
