import { sinkKinds } from '../sinks/registry.js';

/** The sink URLs there are, one per line, from the sink registry: for help text. */
export function sinkUsage(indent = '  '): string {
  return sinkKinds().map((kind) => `${indent}${kind.usage}`).join('\n');
}
