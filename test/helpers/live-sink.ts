import { afterAll, beforeAll } from 'vitest';

/**
 * Every sink kind in the registry, each with a live store to deliver to and read from (a real server
 * where one runs here, the protocol stand-in where none can) and a dead one (a closed port). The
 * tests of what ships run the built CLI and the function bundles against each. The cases are in
 * sink-cases.ts; this is what a case is.
 */
export interface LiveSink {
  /** For ALERTHOOK_SINK. */
  url: string;
  /** For `alerthook tail`; null for a sink that delivers to a receiver which is not read back. */
  tailUrl: string | null;
  /** Credentials the sink reads from the environment. */
  env: Record<string, string>;
  /** Ids of what a consumer of alert events receives, reading as README says (heartbeats too, where it cannot help it). */
  storedEventIds(): Promise<string[]>;
  /** The heartbeats a watcher finds, where the sink's documentation says to look for them. */
  storedHeartbeats(): Promise<StoredHeartbeat[]>;
  /** Whatever the store noticed that it should not have accepted (bad signatures, …); empty when all was well. */
  complaints(): string[];
  close(): Promise<void>;
}

export interface StoredHeartbeat {
  id: string;
  vendor: string;
  /** What tells it from an alert where the consumer reads it: its CloudEvents type (a header, a property, the JSON's own), or Alertmanager's alertname. */
  type: string;
}

export const HEARTBEAT_TYPE = 'alerthook.heartbeat.v1';

/** A heartbeat's CloudEvents JSON as the sinks write it. */
export function heartbeatOf(json: string): StoredHeartbeat {
  const event = JSON.parse(json) as { id: string; type: string; data: { vendor: string } };
  return { id: event.id, vendor: event.data.vendor, type: event.type };
}

export interface SinkCase {
  /** The registered kind it stands for (SinkKind.name). */
  kind: string;
  /** The one of the kind's schemes its URLs use. */
  scheme: string;
  /** Whether `alerthook tail` reads it; not for sinks that deliver to a receiver which is not read back. */
  tailable: boolean;
  /**
   * Whether a consumer of alerts never receives a heartbeat (another object, routing key or tag), or
   * receives it among the alerts and tells it by its type (Kafka, HTTP) or alertname (Alertmanager).
   */
  heartbeatsApart: boolean;
  /** Undefined when no server for it can run here now (RabbitMQ outside CI without a broker). */
  start: (() => Promise<LiveSink>) | undefined;
  /** A closed port (or an unusable directory) and what the sink needs besides. */
  dead(): Promise<{ url: string; tailUrl: string | null; env: Record<string, string> }>;
  /** Whether opening the sink connects; if not (S3 signs each request on its own), the first write is what fails. */
  connectsOnOpen: boolean;
}

/** In a describe block for a case that can run: its live store, started before the tests and closed after. */
export function useLiveSink(sinkCase: SinkCase): () => LiveSink {
  let live: LiveSink | undefined;
  beforeAll(async () => {
    live = await (sinkCase.start as () => Promise<LiveSink>)();
  });
  afterAll(() => live?.close());
  return () => live as LiveSink;
}
