import { sinkKinds } from '../sinks/registry.js';
import type { SinkKind } from '../sinks/sink.js';

/** The sink URLs there are (those `which` keeps), one per line, from the sink registry: for help text. */
export function sinkUsage(which: (kind: SinkKind) => boolean = () => true, indent = '  '): string {
  return sinkKinds()
    .filter(which)
    .map((kind) => `${indent}${kind.usage}`)
    .join('\n');
}
