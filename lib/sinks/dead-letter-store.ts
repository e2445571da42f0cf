import type { Env } from '../env.js';
import type { LetterShelf } from './object-layout.js';
import { sinkKindOf, sinkKinds } from './registry.js';
import type { DeadLetterStore } from './sink.js';

/** The dead letters a directory or bucket holds, for `alerthook replay`. A plain path is a directory. */
export async function openDeadLetterStore(url: string, env: Env, shelf: LetterShelf = 'dead-letter'): Promise<DeadLetterStore> {
  const { kind, url: target } = sinkKindOf(url);
  if (kind.openDeadLetterStore === undefined) {
    const stores = sinkKinds()
      .filter((k) => k.openDeadLetterStore !== undefined)
      .flatMap((k) => k.schemes.map((s) => `${s}://`));
    throw new Error(
      `replay reads dead letters from ${stores.join(' and ')} stores; a broker's dead letters are messages: see the README, "Replaying dead letters"`,
    );
  }
  return kind.openDeadLetterStore(target, env, shelf);
}
