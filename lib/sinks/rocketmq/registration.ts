import type { SinkKind } from '../sink.js';

/** `rocketmq+http://ENDPOINT/TOPIC?instance=…`: Volcengine RocketMQ through its HTTP access point. */
export const rocketMqSinks: SinkKind = {
  name: 'rocketmq',
  schemes: ['rocketmq+http'],
  usage: 'rocketmq+http://ENDPOINT/TOPIC?instance=ID[&tag=status|kind|severity]',
  openSink: async (url, env) => (await import('./sink.js')).createRocketMqSink(url, env),
  tail: async (url, onEvent, options) => (await import('./tail.js')).tailRocketMq(url, onEvent, options),
};
