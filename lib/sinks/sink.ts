import type { Env } from '../env.js';
import type { AlertEvent } from '../event/alert-event.js';

/** An event and its JSON, serialized once by the pipeline and shared by every sink. */
export interface EncodedEvent {
  readonly event: AlertEvent;
  readonly json: string;
}

/** A body that could not become events, kept byte for byte with the reasons. */
export interface DeadLetter {
  /** Deterministic from vendor and body, so a retried bad body rewrites one letter. */
  readonly id: string;
  readonly vendor: string;
  readonly receivedAt: string;
  readonly requestId: string;
  readonly transport: string;
  readonly errors: readonly string[];
  /** Request headers without credentials. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** The meta document stored beside a dead letter's body (`<id>.json`). */
export interface DeadLetterMeta {
  id: string;
  vendor: string;
  receivedAt: string;
  requestId: string;
  transport: string;
  bodyBytes: number;
  errors: string[];
  headers: Record<string, string>;
  /** Added when `alerthook replay` delivered it, as it moves the letter under `replayed/`. */
  replayed?: { at: string; by: string; to: string; eventIds: string[] };
}

/**
 * Where events go. Each method resolves only once what it was given is durable (written and
 * synced, acknowledged by the broker, …) and rejects otherwise; the pipeline answers the vendor
 * 2xx only after it resolves. Writing the same event id twice must not make two events.
 */
export interface Sink {
  /** For logs and the start-up banner; carries no credentials. */
  readonly description: string;
  /**
   * False for a sink that cannot keep a dead letter (a raw body that is not an alarm): an alert
   * router has nowhere to put one. Such a sink is never where dead letters go.
   */
  readonly keepsDeadLetters?: boolean;
  /** `signal` aborts when the callback's time budget runs out; a sink should stop waiting then. */
  writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal): Promise<void>;
  writeDeadLetter(letter: DeadLetter, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

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
  /** Only for stores that name objects. */
  openDeadLetterStore?(url: string, env: Env): Promise<DeadLetterStore>;
}
