import type { Sink } from './sink.js';

/**
 * Sink URL scheme → loader. Each loader imports its sink module only when that scheme is
 * configured, so a function pays at cold start for the one SDK it uses and no other.
 */
const SINK_LOADERS: Record<string, (url: string) => Promise<Sink>> = {
  file: async (url) => (await import('./file-sink.js')).createFileSink(url),
};

export function sinkScheme(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? '';
}

export async function createSink(url: string): Promise<Sink> {
  const scheme = sinkScheme(url);
  const load = Object.hasOwn(SINK_LOADERS, scheme) ? SINK_LOADERS[scheme] : undefined;
  if (load === undefined) {
    throw new Error(`unsupported sink scheme "${scheme}": supported schemes are ${Object.keys(SINK_LOADERS).map((s) => `${s}://`).join(', ')}`);
  }
  return load(url);
}
