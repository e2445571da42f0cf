import * as kinds from './kinds.js';
import type { SinkKind } from './sink.js';
import { envValue, type Env } from '../env.js';
import { ConfigError } from '../errors.js';
import { parseSinkList, sinkScheme } from './sink-url.js';

/**
 * Every kind of sink: its folder under lib/sinks/ holds the rest. A new sink is a folder exporting a
 * SinkKind and one line in kinds.ts; the sink factory, `alerthook tail`, replay, the function
 * bundler and the CLI's help all read this list.
 */
const SINK_KINDS: SinkKind[] = Object.values(kinds);

export function sinkKinds(): readonly SinkKind[] {
  return SINK_KINDS;
}

/** For plug-ins and tests: a kind added here is used wherever its scheme is configured. */
export function registerSinkKind(kind: SinkKind): () => void {
  SINK_KINDS.push(kind);
  return () => void SINK_KINDS.splice(SINK_KINDS.indexOf(kind), 1);
}

export function supportedSchemes(): string {
  return SINK_KINDS.flatMap((kind) => kind.schemes.map((scheme) => `${scheme}://`)).join(', ');
}

/**
 * Where the CLI takes a sink or a store: a plain path is a directory, `file://PATH`, with `%` and
 * `,` escaped, so a directory whose name holds them is that directory and not a URL escape or a
 * second sink.
 */
export function asSinkUrl(urlOrDirectory: string): string {
  return sinkScheme(urlOrDirectory) === '' ? `file://${urlOrDirectory.replace(/[%,]/g, encodeURIComponent)}` : urlOrDirectory;
}

/** A variable's sink list (parseSinkList), each URL of a kind there is: a ConfigError naming the variable otherwise. */
export function checkedSinkList(text: string, variable: string): string[] {
  const urls = parseSinkList(text, variable);
  for (const url of urls) {
    const scheme = sinkScheme(url);
    if (!SINK_KINDS.some((kind) => kind.schemes.includes(scheme)))
      throw new ConfigError(`${variable}: unsupported sink scheme "${scheme}": supported schemes are ${supportedSchemes()}`);
  }
  return urls;
}

/**
 * ALERTHOOK_SINK and ALERTHOOK_DEAD_LETTER checked before anything is opened: each list well formed
 * and every scheme known, or a ConfigError naming the variable. The CLI and a function's first
 * call both check, so a typo is named at once rather than on the first write.
 */
export function checkConfiguredSinks(env: Env): void {
  for (const variable of ['ALERTHOOK_SINK', 'ALERTHOOK_DEAD_LETTER']) {
    const value = envValue(env, variable);
    if (value !== undefined) checkedSinkList(value, variable);
  }
}

/** The kind a sink URL (or a plain directory) names, or an error saying which schemes there are. */
export function sinkKindOf(url: string): { kind: SinkKind; url: string } {
  const target = asSinkUrl(url);
  const scheme = sinkScheme(target);
  const kind = SINK_KINDS.find((k) => k.schemes.includes(scheme));
  if (kind === undefined) throw new Error(`unsupported sink scheme "${scheme}": supported schemes are ${supportedSchemes()}`);
  return { kind, url: target };
}
