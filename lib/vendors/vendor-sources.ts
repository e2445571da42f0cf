import type { AnySourceProvider, SourceManifest } from './source.js';
import type { AnyVendorProvider } from './vendor.js';

/**
 * A vendor's sources, first the default (the one a body no source recognises is validated by, so
 * its reasons name what is missing). A vendor that lists none is one source: its own schema and
 * normalizer (how vendors were written before sources, and still the shortest way for a plug-in).
 */
export function sourcesOf(vendor: AnyVendorProvider): readonly AnySourceProvider[] {
  if (vendor.sources !== undefined && vendor.sources.length > 0) return vendor.sources;
  return [{ ...vendor, name: vendor.name, noun: 'callback', pathSegment: '', consoleSteps: () => vendor.consoleSteps() }];
}

/** The vendor provider of a list of sources: the vendor's fields, with its first source's as the default. */
export function withSources<Settings>(
  manifest: Omit<AnyVendorProvider<Settings>, 'source' | 'schema' | 'isProbe' | 'normalize' | 'acknowledgement' | 'sources'>,
  sources: readonly [AnySourceProvider<Settings>, ...AnySourceProvider<Settings>[]],
): AnyVendorProvider<Settings> {
  const [first] = sources;
  return {
    ...manifest,
    source: first.source,
    schema: first.schema,
    isProbe: first.isProbe,
    normalize: first.normalize,
    acknowledgement: first.acknowledgement,
    sources,
  };
}

/** The source a request's path names (`…/prometheus`), if its last segment is one of them. */
export function sourceNamedByPath<S extends SourceManifest>(sources: readonly S[], path: string): S | undefined {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === '') return undefined;
  return sources.find((source) => source.pathSegment !== '' && source.pathSegment === last);
}
