import { envValue, type Env } from '../../env.js';

/**
 * `amqp://[USER:PASS@]HOST[:PORT]/VHOST?exchange=alerts&routingKey=…&deadLetterRoutingKey=…&heartbeatRoutingKey=…`, as the
 * sink and the tail read it. Credentials: in the URL's user info, or ALERTHOOK_AMQP_USERNAME /
 * ALERTHOOK_AMQP_PASSWORD.
 */
export interface AmqpOptions {
  url: string;
  safeUrl: string;
  exchange: string;
  routingKey: string;
  deadLetterRoutingKey: string;
  /**
   * Where heartbeats go: apart from `alert.#`, so an alert queue's binding does not take them; on the
   * default exchange only where `&heartbeatRoutingKey=QUEUE` says (empty: the sink refuses heartbeats).
   */
  heartbeatRoutingKey: string;
}

export function parseAmqpUrl(text: string, env: Env): AmqpOptions {
  const url = new URL(text);
  const params = url.searchParams;
  const exchange = params.get('exchange') ?? '';
  const routingKey = params.get('routingKey') ?? (exchange === '' ? '' : 'alert.{vendor}.{severity}.{status}');
  if (exchange === '' && routingKey === '') throw new Error('amqp sink needs ?exchange= or, for the default exchange, ?routingKey=QUEUE');
  const deadLetterRoutingKey = params.get('deadLetterRoutingKey') ?? (exchange === '' ? routingKey : 'dead-letter.{vendor}');
  // On the default exchange the routing key is a queue's name: heartbeats there need a queue of their own.
  const heartbeatRoutingKey = params.get('heartbeatRoutingKey') ?? (exchange === '' ? '' : 'heartbeat.{vendor}');
  for (const name of ['exchange', 'routingKey', 'deadLetterRoutingKey', 'heartbeatRoutingKey']) params.delete(name);
  const username = url.username === '' ? envValue(env, 'ALERTHOOK_AMQP_USERNAME') : undefined;
  const password = url.password === '' ? envValue(env, 'ALERTHOOK_AMQP_PASSWORD') : undefined;
  if (username !== undefined) url.username = encodeURIComponent(username);
  if (password !== undefined) url.password = encodeURIComponent(password);
  const safe = new URL(url);
  if (safe.password !== '') safe.password = '***';
  return {
    url: url.toString(),
    safeUrl: `${safe.protocol}//${safe.host}${safe.pathname}`,
    exchange,
    routingKey,
    deadLetterRoutingKey,
    heartbeatRoutingKey,
  };
}
