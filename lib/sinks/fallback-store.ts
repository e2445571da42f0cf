import type { Env } from '../env.js';
import { ConfigError } from '../errors.js';
import type { DeferredStore } from '../pipeline/delivery.js';
import { openDeadLetterStore } from './dead-letter-store.js';
import { checkedSinkList, sinkKindOf, sinkKinds } from './registry.js';
import type { DeadLetterStore } from './sink.js';

/** The fallback store: deferred letters are written, listed, read and marked redriven through it. */
export type FallbackStore = DeadLetterStore & DeferredStore;

/** The schemes of the stores that keep raw bodies and name objects, for messages. */
function rawBodySchemes(): string {
  return sinkKinds()
    .filter((kind) => kind.openDeadLetterStore !== undefined)
    .flatMap((kind) => kind.schemes.map((scheme) => `${scheme}://`))
    .join(' or ');
}

/**
 * `ALERTHOOK_FALLBACK` (config.fallbackUrl), checked: null is none; otherwise one URL of a kind that
 * keeps raw bodies in objects it can list again (a directory, a bucket), or a ConfigError naming the
 * variable. A mistake here is not deferred (there is nowhere to defer to): it is refused like any
 * other setting.
 */
export function checkFallbackUrl(value: string | null): void {
  if (value === null) return;
  const urls = checkedSinkList(value, 'ALERTHOOK_FALLBACK');
  if (urls.length !== 1) throw new ConfigError(`ALERTHOOK_FALLBACK takes one store, got ${urls.length}`);
  const url = urls[0] as string;
  if (sinkKindOf(url).kind.openDeadLetterStore === undefined)
    throw new ConfigError(
      `ALERTHOOK_FALLBACK must be a store that keeps raw bodies (${rawBodySchemes()}), got a ${sinkKindOf(url).kind.name} URL`,
    );
}

/** The `deferred/` shelf of the store `url` names. */
export async function openFallbackStore(url: string, env: Env): Promise<FallbackStore> {
  const store = await openDeadLetterStore(url, env, 'deferred');
  return {
    ...store,
    writeDeferred: (letter, signal) => store.write(letter, signal),
    async settle(letter, eventIds) {
      const meta = await store.readMeta(letter);
      if (meta === null) return; // redriven already
      await store.markReplayed(letter, {
        ...meta,
        replayed: {
          at: new Date().toISOString(),
          by: 'alerthook (the write that outlasted its budget completed)',
          to: 'the sink',
          eventIds: [...eventIds],
        },
      });
    },
  };
}
