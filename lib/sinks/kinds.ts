// Every kind of sink, one line each (listed in alphabetical order wherever listed); lib/sinks/registry.ts reads this.
export { fileSinks } from './file/index.js';
export { s3Sinks } from './s3/index.js';
export { amqpSinks } from './amqp/index.js';
export { kafkaSinks } from './kafka/index.js';
export { rocketMqSinks } from './rocketmq/index.js';
export { alertmanagerSinks } from './alertmanager/index.js';
export { httpSinks } from './http/index.js';
