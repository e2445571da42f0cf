import { fanOutSink } from './fan-out-sink.js';
import type { Sink } from './sink.js';
import { sinkScheme, splitSinkUrls } from './sink-url.js';

export type Env = Readonly<Record<string, string | undefined>>;
type SinkLoader = (url: string, env: Env) => Promise<Sink>;

/**
 * Sink URL scheme → loader. Each loader imports its sink module, and with it that sink's client
 * library, only when that scheme is configured: a function pays at cold start for the sinks it
 * uses and for no other.
 */
const SINK_LOADERS: Record<string, SinkLoader> = {
  file: async (url) => (await import('./file-sink.js')).openFileSink(url),
  s3: async (url, env) => (await import('./s3-sink.js')).createS3Sink(url, env),
  amqp: async (url, env) => (await import('./amqp-sink.js')).createAmqpSink(url, env),
  amqps: async (url, env) => (await import('./amqp-sink.js')).createAmqpSink(url, env),
  kafka: async (url, env) => (await import('./kafka-sink.js')).createKafkaSink(url, env),
  'rocketmq+http': async (url, env) => (await import('./rocketmq-sink.js')).createRocketMqSink(url, env),
};

export const SUPPORTED_SINK_SCHEMES = Object.keys(SINK_LOADERS);

export async function createSink(url: string, env: Env = process.env): Promise<Sink> {
  const scheme = sinkScheme(url);
  const load = Object.hasOwn(SINK_LOADERS, scheme) ? SINK_LOADERS[scheme] : undefined;
  if (load === undefined) {
    const supported = SUPPORTED_SINK_SCHEMES.map((s) => `${s}://`).join(', ');
    throw new Error(scheme === '' ? `"${url}" is not a sink URL: supported schemes are ${supported} (a directory is file://DIR)` : `unsupported sink scheme "${scheme}": supported schemes are ${supported}`);
  }
  return load(url, env);
}

/**
 * Everything `ALERTHOOK_SINK` and `ALERTHOOK_DEAD_LETTER` name, as one Sink. Sinks are opened in
 * parallel; if any fails to open, those that did are closed again and the error names the sink.
 */
export async function openSinks(sinkUrls: string, deadLetterUrl: string | null, env: Env = process.env): Promise<Sink> {
  const urls = splitSinkUrls(sinkUrls);
  if (urls.length === 0) throw new Error('ALERTHOOK_SINK names no sink');
  const all = deadLetterUrl === null ? urls : [...urls, deadLetterUrl];
  const opened = await Promise.allSettled(all.map((url) => createSink(url, env)));
  const failed = opened.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.allSettled(opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
    throw (failed as PromiseRejectedResult).reason;
  }
  const sinks = opened.map((result) => (result as PromiseFulfilledResult<Sink>).value);
  const eventSinks = sinks.slice(0, urls.length);
  if (deadLetterUrl === null && eventSinks.length === 1) return eventSinks[0] as Sink;
  return fanOutSink(eventSinks, deadLetterUrl === null ? (eventSinks[0] as Sink) : (sinks[sinks.length - 1] as Sink));
}
