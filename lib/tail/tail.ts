import type { Env } from '../sinks/create-sink.js';
import { sinkScheme } from '../sinks/sink-url.js';

/** Called with each event's JSON, one at a time, in the order the store gives them. */
export type OnEvent = (json: string) => void;

export interface TailOptions {
  /** Also print what is already stored (file and s3 only; queues start from now). */
  fromStart: boolean;
  signal: AbortSignal;
  env: Env;
  /** Polling period for stores without push (file, s3). */
  pollMs?: number;
  /** Called once the reader is connected and reading, with a description of what it reads. */
  onReady?: (description: string) => void;
}

/**
 * `alerthook tail SINK_URL`: the events arriving in a sink, as a consumer would read them. Readers
 * are loaded like sinks, only for the scheme asked for. None of them takes messages away from the
 * sink's real consumers: AMQP binds a private queue; RocketMQ reads with a group you name for it;
 * Kafka uses a consumer group of its own.
 */
const READERS: Record<string, (url: string, onEvent: OnEvent, options: TailOptions) => Promise<void>> = {
  file: async (url, onEvent, options) => (await import('./file-tail.js')).tailFiles(url, onEvent, options),
  s3: async (url, onEvent, options) => (await import('./s3-tail.js')).tailBucket(url, onEvent, options),
  amqp: async (url, onEvent, options) => (await import('./amqp-tail.js')).tailExchange(url, onEvent, options),
  amqps: async (url, onEvent, options) => (await import('./amqp-tail.js')).tailExchange(url, onEvent, options),
  kafka: async (url, onEvent, options) => (await import('./kafka-tail.js')).tailTopic(url, onEvent, options),
  'rocketmq+http': async (url, onEvent, options) => (await import('./rocketmq-tail.js')).tailRocketMq(url, onEvent, options),
};

/**
 * Resolves when `options.signal` aborts; rejects if the store cannot be read. A plain path (no
 * `scheme://`) is a directory, as `file://PATH`.
 */
export async function tailSink(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const target = sinkScheme(url) === '' ? `file://${url}` : url;
  const scheme = sinkScheme(target);
  const read = Object.hasOwn(READERS, scheme) ? READERS[scheme] : undefined;
  if (read === undefined) throw new Error(`no reader for ${scheme}:// sinks: supported schemes are ${Object.keys(READERS).map((s) => `${s}://`).join(', ')}`);
  return read(target, onEvent, options);
}

/** Waits `ms` or until the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
