import { envValue, type Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import { parseHeaderLine } from '../../header-line.js';
import { CLOUDEVENT_CONTENT_TYPE, deadLetterHeaders } from '../broker-headers.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { flag } from '../sink-url.js';

/**
 * `https://HOST/PATH` and `http://…`: CloudEvents over HTTP (the CloudEvents HTTP binding) to any
 * receiver. Each event is POSTed in structured mode (`application/cloudevents+json`), or, with
 * `&batch=1`, a callback's events in one batch (`application/cloudevents-batch+json`). A 2xx answer
 * is the acknowledgement; anything else, a redirect included (never followed), is a failure.
 *
 * The options `batch` and `deadLetterUrl` are alerthook's and are taken off the URL; every other
 * query parameter is the receiver's. Dead letters are POSTed, raw, to `deadLetterUrl` when given;
 * without it this sink keeps none. Credentials: ALERTHOOK_HTTP_AUTHORIZATION (the Authorization
 * header's value) or ALERTHOOK_HTTP_HEADER (`Name: value`, e.g. `X-Api-Key: …`).
 */
export interface HttpSinkOptions {
  url: string;
  batch: boolean;
  deadLetterUrl: string | null;
}

export function parseHttpSinkUrl(text: string): HttpSinkOptions {
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('http sink URL must be http:// or https://');
  if (url.username !== '' || url.password !== '')
    throw new Error('http sink: credentials go in ALERTHOOK_HTTP_AUTHORIZATION or ALERTHOOK_HTTP_HEADER, not in the URL');
  const batch = flag(url.searchParams, 'batch');
  const deadLetter = url.searchParams.get('deadLetterUrl');
  url.searchParams.delete('batch');
  url.searchParams.delete('deadLetterUrl');
  if (deadLetter !== null && !/^https?:\/\//.test(deadLetter)) throw new Error('http sink option deadLetterUrl: expected an http(s) URL');
  return { url: url.toString(), batch, deadLetterUrl: deadLetter };
}

function authHeaders(env: Env): Record<string, string> {
  const authorization = envValue(env, 'ALERTHOOK_HTTP_AUTHORIZATION');
  const line = envValue(env, 'ALERTHOOK_HTTP_HEADER');
  const out: Record<string, string> = authorization === undefined ? {} : { authorization };
  if (line !== undefined) {
    const header = parseHeaderLine(line);
    if (header === null) throw new Error('ALERTHOOK_HTTP_HEADER takes "Name: value"');
    out[header.name] = header.value;
  }
  return out;
}

/** Where an address is shown: without its query, which may carry the receiver's own keys. */
function shown(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export function createHttpSink(text: string, env: Env): Sink {
  const options = parseHttpSinkUrl(text);
  const auth = authHeaders(env);

  // Where each goes, as messages show it, worked out once rather than per POST.
  const events = { url: options.url, where: `POST ${shown(options.url)}` };
  const deadLetters = options.deadLetterUrl === null ? null : { url: options.deadLetterUrl, where: `POST ${shown(options.deadLetterUrl)}` };

  async function post(
    { url, where }: { url: string; where: string },
    body: string | Uint8Array,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<void> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, ...auth },
        body,
        redirect: 'manual',
        ...(signal ? { signal } : {}),
      });
      await response.arrayBuffer();
    } catch (error) {
      throw errorAt(where, error);
    }
    if (response.status < 200 || response.status > 299)
      throw new Error(
        `${where}: HTTP ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`,
      );
  }

  return {
    description: `${shown(options.url)} (CloudEvents over HTTP, ${options.batch ? 'batched' : 'structured'})`,
    keepsDeadLetters: options.deadLetterUrl !== null,
    async writeEvents(encoded: readonly EncodedEvent[], signal?: AbortSignal) {
      if (options.batch) {
        await post(
          events,
          `[${encoded.map((e) => e.json).join(',')}]`,
          { 'content-type': 'application/cloudevents-batch+json; charset=UTF-8' },
          signal,
        );
        return;
      }
      await Promise.all(encoded.map(({ json }) => post(events, json, { 'content-type': CLOUDEVENT_CONTENT_TYPE }, signal)));
    },
    async writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      if (deadLetters === null)
        throw new Error(`${shown(options.url)} keeps no dead letters: set &deadLetterUrl= or ALERTHOOK_DEAD_LETTER`);
      await post(deadLetters, letter.body, deadLetterHeaders(letter), signal);
    },
    // To the events' URL, in the mode the receiver was given: it tells a heartbeat by its `type`.
    async writeHeartbeat({ json }: EncodedHeartbeat, signal?: AbortSignal) {
      if (options.batch) await post(events, `[${json}]`, { 'content-type': 'application/cloudevents-batch+json; charset=UTF-8' }, signal);
      else await post(events, json, { 'content-type': CLOUDEVENT_CONTENT_TYPE }, signal);
    },
    async close() {},
  };
}
