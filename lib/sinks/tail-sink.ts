import { sinkKindOf } from './registry.js';
import type { OnEvent, TailOptions } from './sink.js';

/**
 * `alerthook tail SINK_URL`: the events arriving in a sink, as a consumer would read them, by the
 * reader in the sink's own folder. None of them takes messages away from the sink's real consumers.
 * Resolves when `options.signal` aborts; rejects if the store cannot be read.
 */
export function tailSink(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const { kind, url: target } = sinkKindOf(url);
  if (kind.tail === undefined)
    throw new Error(
      `${kind.name} sinks deliver to a receiver that is not read back: see the README, "Sinks", for how to consume what they send`,
    );
  return kind.tail(target, onEvent, options);
}
