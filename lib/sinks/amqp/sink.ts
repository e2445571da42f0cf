import amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import type { Env } from '../../env.js';
import { errorAt } from '../../errors.js';
import { runWithin } from '../../run-within.js';
import { deadLetterHeaders, eventHeaders, heartbeatHeaders } from '../broker-headers.js';
import type { DeadLetter, EncodedEvent, EncodedHeartbeat, Sink } from '../../pipeline/delivery.js';
import { parseAmqpUrl } from './url.js';

/**
 * `amqp://HOST[:PORT]/VHOST?exchange=alerts&routingKey=alert.{vendor}.{severity}.{status}` and
 * `amqps://…`: RabbitMQ, managed on both clouds.
 *
 * - Structured-mode CloudEvents (`application/cloudevents+json`), persistent, `messageId` = event id.
 * - Publisher confirms: a batch counts as written when the broker has confirmed every message.
 * - `mandatory`: a message no queue is bound for comes back as a `basic.return` (which the broker
 *   sends before its confirm); that fails the batch rather than dropping the alert silently.
 * - The routing key is a template over `{vendor} {kind} {status} {severity}`; dead letters use
 *   `deadLetterRoutingKey` (default `dead-letter.{vendor}`), carry the raw body, and the errors in
 *   an `alerthook-errors` header.
 * - The exchange must exist (checked when the sink opens): the topology is the operator's.
 * - One connection and one confirm channel per warm instance; reopened on the next call after a close.
 *
 * Credentials: in the URL's user info, or ALERTHOOK_AMQP_USERNAME / ALERTHOOK_AMQP_PASSWORD.
 */

const OPEN_TIMEOUT_MS = 5000;

export async function createAmqpSink(text: string, env: Env): Promise<Sink> {
  const options = parseAmqpUrl(text, env);
  let session: Promise<{ connection: ChannelModel; channel: ConfirmChannel; returned: Set<string> }> | undefined;

  function open() {
    session ??= connectWithin(OPEN_TIMEOUT_MS).catch((error: unknown) => {
      session = undefined;
      throw errorAt(`amqp ${options.safeUrl}`, error);
    });
    return session;
  }

  /**
   * amqplib's socket timeout does not cover the AMQP handshake: a peer that accepts TCP and then
   * says nothing would leave the connect pending for ever, and with it every later callback.
   * The attempt is abandoned after `ms` (and closed if it completes later).
   */
  function connectWithin(ms: number) {
    const attempt = connect();
    return runWithin(ms, `no AMQP handshake within ${ms} ms`, () => attempt).catch((error: unknown) => {
      void attempt.then((s) => s.connection.close()).catch(() => {});
      throw error;
    });
  }

  async function connect() {
    // Nagle off: a publish is three frames, and with Nagle the second waits for the broker's
    // delayed ACK of the first, about 40 ms per confirmed publish (the bench's sink figure found it).
    const connection = await amqp.connect(options.url, { timeout: OPEN_TIMEOUT_MS, noDelay: true });
    const reset = () => {
      session = undefined;
    };
    // Listeners go on first: a server-side close arrives as an 'error' event as well as a rejection.
    connection.on('close', reset);
    connection.on('error', reset);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('close', reset);
      channel.on('error', reset);
      const returned = new Set<string>();
      channel.on('return', (message: Message) => returned.add(String(message.properties.messageId)));
      if (options.exchange !== '') await channel.checkExchange(options.exchange);
      return { connection, channel, returned };
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  }

  async function publishAll(messages: AmqpMessage[], signal?: AbortSignal) {
    const { channel, returned } = await open();
    signal?.throwIfAborted();
    for (const m of messages) returned.delete(m.properties.messageId);
    for (const m of messages)
      channel.publish(options.exchange, m.routingKey, m.content, { ...m.properties, persistent: true, mandatory: true });
    await channel.waitForConfirms();
    const unroutable = messages.filter((m) => returned.has(m.properties.messageId));
    if (unroutable.length > 0) {
      throw new Error(
        `amqp: no queue bound for routing key ${unroutable.map((m) => `"${m.routingKey}"`).join(', ')} on exchange "${options.exchange}"`,
      );
    }
  }

  // Open now so a wrong URL, missing credentials or missing exchange surface at start-up.
  await open();

  return {
    description: `${options.safeUrl} (exchange "${options.exchange}", routing key "${options.routingKey}")`,
    writeEvents(events: readonly EncodedEvent[], signal?: AbortSignal) {
      return publishAll(
        events.map(({ event, json }) =>
          cloudEventMessage(fillRoutingKey(options.routingKey, event.data), event, json, eventHeaders(event)),
        ),
        signal,
      );
    },
    writeDeadLetter(letter: DeadLetter, signal?: AbortSignal) {
      return publishAll(
        [
          {
            routingKey: fillRoutingKey(options.deadLetterRoutingKey, { vendor: letter.vendor }),
            content: Buffer.from(letter.body),
            properties: {
              messageId: `dead-letter-${letter.id}`,
              contentType: 'application/octet-stream',
              type: 'alerthook.dead-letter.v1',
              headers: withoutContentType(deadLetterHeaders(letter)),
            },
          },
        ],
        signal,
      );
    },
    async writeHeartbeat({ event, json }: EncodedHeartbeat, signal?: AbortSignal) {
      if (options.heartbeatRoutingKey === '')
        throw new Error(
          options.exchange === ''
            ? `amqp sink on the default exchange: heartbeats would land in the alert queue "${options.routingKey}"; add &heartbeatRoutingKey=QUEUE naming a queue for them`
            : 'amqp sink: heartbeatRoutingKey is empty; give it a routing key (default heartbeat.{vendor})',
        );
      const routingKey = fillRoutingKey(options.heartbeatRoutingKey, { vendor: event.data.vendor });
      return publishAll([cloudEventMessage(routingKey, event, json, heartbeatHeaders(event))], signal);
    },
    async close() {
      const current = session;
      session = undefined;
      if (current) await current.then((s) => s.connection.close()).catch(() => {});
    },
  };
}

/** A CloudEvent (an alert or a heartbeat) as a persistent AMQP message: its id, type and time as the message's properties. */
function cloudEventMessage(
  routingKey: string,
  event: { id: string; type: string; time: string },
  json: string,
  headers: Record<string, string>,
): AmqpMessage {
  return {
    routingKey,
    content: Buffer.from(json),
    properties: {
      messageId: event.id,
      contentType: 'application/cloudevents+json',
      type: event.type,
      timestamp: Math.floor(Date.parse(event.time) / 1000),
      headers: withoutContentType(headers),
    },
  };
}

/** AMQP carries the content type as a message property, not a header. */
function withoutContentType(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _, ...rest } = headers;
  return rest;
}

interface AmqpMessage {
  routingKey: string;
  content: Buffer;
  properties: amqp.Options.Publish & { messageId: string };
}

function fillRoutingKey(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(vendor|kind|status|severity)\}/g, (_, name: string) => String(values[name] ?? ''));
}
