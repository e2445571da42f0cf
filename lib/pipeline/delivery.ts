import type { AlertEvent } from '../event/alert-event.js';
import type { HeartbeatEvent } from '../event/heartbeat-event.js';

/*
 * What the pipeline hands to a store, and what it needs of one: the pipeline's output port, as
 * callback.ts is its input port. Sinks implement Sink and import these types; the pipeline imports
 * no sink.
 */

/** An event and its JSON, serialized once by the pipeline and shared by every sink. */
export interface EncodedEvent {
  readonly event: AlertEvent;
  readonly json: string;
}

/** A heartbeat (`ALERTHOOK_HEARTBEAT`) and its JSON. */
export interface EncodedHeartbeat {
  readonly event: HeartbeatEvent;
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
  /** The request's path, kept with a deferred letter: it may name the source (`/prometheus`). */
  readonly path?: string;
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
  path?: string;
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
  /**
   * A heartbeat, kept apart from the alert events as the sink's consumers would look for it (its own
   * routing key, tag or object; Alertmanager: an always-firing alert). Resolves once acknowledged.
   */
  writeHeartbeat(beat: EncodedHeartbeat, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * The fallback store (`ALERTHOOK_FALLBACK`): where an authenticated callback's raw body and headers
 * go, as a deferred letter saying why, when the sink or the dead-letter store cannot take it in
 * time. Resolves only once the letter is durable; redrive delivers it later with the ids a live
 * delivery of the same bytes gets.
 */
export interface DeferredStore {
  readonly description: string;
  writeDeferred(letter: DeadLetter, signal?: AbortSignal): Promise<void>;
  /**
   * The sink acknowledged a deferred letter's events after all (a write that outlasted its budget
   * and then completed): moves it out of the way, so redrive does not deliver it a second time.
   */
  settle?(letter: DeadLetter, eventIds: readonly string[]): Promise<void>;
}

/**
 * Delivers deferred letters before a live callback, so one alert's notifications keep their order:
 * resolves true when none of this vendor's letters is left waiting (the live callback may go to the
 * sink), false when some are (it is deferred behind them). Never rejects.
 */
export type DrainDeferred = (deadline: number) => Promise<boolean>;
