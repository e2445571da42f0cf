import type { Env } from './create-sink.js';
import type { DeadLetterMeta } from './sink.js';
import { sinkScheme } from './sink-url.js';

/**
 * Where `alerthook replay` finds dead letters: the stores that name objects (a directory, a bucket),
 * in the layout the sinks write, `dead-letter/<vendor>/<id>.body` beside `<id>.json`. A replayed
 * letter moves under `replayed/` (both files, the meta with a `replayed` note); nothing is deleted
 * before its copy is in place.
 */
export interface DeadLetterRef {
  readonly vendor: string;
  readonly id: string;
}

export interface DeadLetterStore {
  readonly description: string;
  /** Letters waiting to be replayed (not those under `replayed/`), for one vendor or all. */
  list(vendor?: string): Promise<DeadLetterRef[]>;
  /** The meta document, or null when it is missing or unreadable (the body alone still replays). */
  readMeta(letter: DeadLetterRef): Promise<DeadLetterMeta | null>;
  readBody(letter: DeadLetterRef): Promise<Uint8Array>;
  /** Moves the letter under `replayed/`, its meta carrying `replayed`. Called only once its events are acknowledged. */
  markReplayed(letter: DeadLetterRef, meta: DeadLetterMeta): Promise<void>;
}

export const DEAD_LETTER_STORE_SCHEMES = ['file', 's3'] as const;

/** A plain path is a directory, as `file://PATH`. */
export async function openDeadLetterStore(url: string, env: Env): Promise<DeadLetterStore> {
  const target = sinkScheme(url) === '' ? `file://${url}` : url;
  switch (sinkScheme(target)) {
    case 'file':
      return (await import('./file-dead-letters.js')).fileDeadLetterStore(target);
    case 's3':
      return (await import('./s3-dead-letters.js')).s3DeadLetterStore(target, env);
    default:
      throw new Error(
        `replay reads dead letters from ${DEAD_LETTER_STORE_SCHEMES.map((s) => `${s}://`).join(' and ')} stores; a broker's dead letters are messages: see the README, "Replaying dead letters"`,
      );
  }
}

/** `dead-letter/<vendor>/<id>.body` → the letter it names; anything else (metas, temporary files) → null. */
export function deadLetterRefOf(key: string): DeadLetterRef | null {
  const match = /^dead-letter\/([a-z0-9_-]+)\/([0-9a-f]{32})\.body$/.exec(key);
  return match ? { vendor: match[1] as string, id: match[2] as string } : null;
}

export function parseDeadLetterMeta(bytes: Uint8Array | null): DeadLetterMeta | null {
  if (bytes === null) return null;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DeadLetterMeta) : null;
  } catch {
    return null;
  }
}

export function serializeDeadLetterMeta(meta: DeadLetterMeta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}
