import type { Env } from '../env.js';
import { fanOutSink } from './fan-out-sink.js';
import { sinkKindOf, supportedSchemes } from './registry.js';
import type { Sink } from '../pipeline/delivery.js';
import { sinkScheme, splitSinkUrls } from './sink-url.js';

/** One sink from its URL, by the kind its scheme names (that kind's module is loaded only now). */
export async function createSink(url: string, env: Env = process.env): Promise<Sink> {
  if (sinkScheme(url) === '')
    throw new Error(`"${url}" is not a sink URL: supported schemes are ${supportedSchemes()} (a directory is file://DIR)`);
  const { kind } = sinkKindOf(url);
  return kind.openSink(url, env);
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
  const deadLetterSink = deadLetterUrl === null ? (eventSinks[0] as Sink) : (sinks[sinks.length - 1] as Sink);
  if (deadLetterSink.keepsDeadLetters === false) {
    await Promise.allSettled(sinks.map((sink) => sink.close()));
    throw new Error(
      `${deadLetterSink.description} cannot keep dead letters (bodies that are not valid alarms): ` +
        `set ALERTHOOK_DEAD_LETTER to a sink that can (file://, s3://, or a broker)${deadLetterUrl === null ? ', or list such a sink first in ALERTHOOK_SINK' : ''}`,
    );
  }
  if (deadLetterUrl === null && eventSinks.length === 1) return eventSinks[0] as Sink;
  return fanOutSink(eventSinks, deadLetterSink);
}
