import amqp from 'amqplib';
import type { OnEvent, TailOptions } from '../sink.js';
import { parseAmqpUrl } from './url.js';

/**
 * Binds a private, exclusive, auto-deleted queue to the sink's exchange (pattern `?bind=`, default
 * `alert.#`), so tailing takes nothing from the sink's real queues. The default exchange cannot be
 * tailed that way: it would mean consuming the sink's queue itself.
 */
export async function tailExchange(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const parsed = parseAmqpUrl(url, options.env);
  if (parsed.exchange === '')
    throw new Error("tail needs the sink's exchange (?exchange=); tailing a queue directly would take messages from its consumers");
  const pattern = new URL(url).searchParams.get('bind') ?? 'alert.#';
  const connection = await amqp.connect(parsed.url);
  try {
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, parsed.exchange, pattern);
    await channel.consume(queue, (message) => message && onEvent(message.content.toString()), { noAck: true });
    options.onReady?.(`${parsed.safeUrl} exchange "${parsed.exchange}" (private queue bound to "${pattern}")`);
    await new Promise<void>((resolve, reject) => {
      options.signal.addEventListener('abort', () => resolve(), { once: true });
      connection.once('close', () => (options.signal.aborted ? resolve() : reject(new Error(`amqp ${parsed.safeUrl}: connection closed`))));
    });
  } finally {
    await connection.close().catch(() => {});
  }
}
