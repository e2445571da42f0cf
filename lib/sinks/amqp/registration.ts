import type { SinkKind } from '../sink.js';

/** `amqp://…?exchange=…`, `amqps://…`: RabbitMQ, managed on both clouds. */
export const amqpSinks: SinkKind = {
  name: 'amqp',
  schemes: ['amqp', 'amqps'],
  usage: 'amqp[s]://[USER:PASS@]HOST/VHOST?exchange=X[&routingKey=alert.{vendor}.{severity}.{status}]',
  openSink: async (url, env) => (await import('./sink.js')).createAmqpSink(url, env),
  tail: async (url, onEvent, options) => (await import('./tail.js')).tailExchange(url, onEvent, options),
};
