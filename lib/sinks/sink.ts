import type { Env } from '../env.js';
import type { DeadLetter, DeadLetterMeta, Sink } from '../pipeline/delivery.js';

/** Called with each event's JSON, one at a time, in the order the store gives them. */
export type OnEvent = (json: string) => void;

export interface TailOptions {
  /** Also print what is already stored (directories and buckets; queues start from now). */
  fromStart: boolean;
  signal: AbortSignal;
  env: Env;
  /** Polling period for stores without push (file, s3). */
  pollMs?: number;
  /** Called once the reader is connected and reading, with a description of what it reads. */
  onReady?: (description: string) => void;
}

/**
 * The shelves of letters a store keeps: `dead-letter/` for bodies that are not valid alarms,
 * `deferred/` (the fallback store, ALERTHOOK_FALLBACK) for callbacks whose sink could not take them
 * and that redrive delivers later. A handled letter moves under `replayed/<shelf>/`.
 */
export type LetterShelf = 'dead-letter' | 'deferred';

/** A dead letter in a store that names objects: `dead-letter/<vendor>/<id>.body` beside `<id>.json`. */
export interface DeadLetterRef {
  readonly vendor: string;
  readonly id: string;
}

/**
 * Where `alerthook replay` finds dead letters: the stores that name objects (a directory, a bucket),
 * in the layout the sinks write. A replayed letter moves under `replayed/` (both files, the meta with
 * a `replayed` note); nothing is deleted before its copy is in place.
 */
export interface DeadLetterStore {
  readonly description: string;
  /** Letters waiting to be replayed (not those under `replayed/`), for one vendor or all. */
  list(vendor?: string): Promise<DeadLetterRef[]>;
  /** The meta document, or null when it is missing or unreadable (the body alone still replays). */
  readMeta(letter: DeadLetterRef): Promise<DeadLetterMeta | null>;
  readBody(letter: DeadLetterRef): Promise<Uint8Array>;
  /** Moves the letter under `replayed/`, its meta carrying `replayed`. Called only once its events are acknowledged. */
  markReplayed(letter: DeadLetterRef, meta: DeadLetterMeta): Promise<void>;
  /** Keeps a letter on this store's shelf (body first, then meta); resolves once both are durable. */
  write(letter: DeadLetter, signal?: AbortSignal): Promise<void>;
}

/**
 * One kind of sink, as the registry knows it: everything about it lives in its folder
 * (`lib/sinks/<name>/`), and the parts are loaded with `import()` only when used, so a function
 * pays at cold start for the one sink it writes to and for no other, nor for any reader.
 */
export interface SinkKind {
  /** The folder's name, and the function bundle's chunk (`<name>-sink.js`). */
  readonly name: string;
  readonly schemes: readonly string[];
  /** The URL's shape, for help text: `kafka://BROKER[,BROKER]/TOPIC?…`. */
  readonly usage: string;
  openSink(url: string, env: Env): Promise<Sink>;
  /** Resolves when `options.signal` aborts; rejects if the store cannot be read. Absent where there is nothing to read back. */
  tail?(url: string, onEvent: OnEvent, options: TailOptions): Promise<void>;
  /** Only for stores that name objects; `shelf` (default `dead-letter`) picks which letters. */
  openDeadLetterStore?(url: string, env: Env, shelf?: LetterShelf): Promise<DeadLetterStore>;
}
