// Every kind of sink, one line each (its folder's registration.ts), in the order help text lists them; lib/sinks/registry.ts reads this.
export { fileSinks } from './file/registration.js';
export { s3Sinks } from './s3/registration.js';
export { amqpSinks } from './amqp/registration.js';
export { kafkaSinks } from './kafka/registration.js';
export { rocketMqSinks } from './rocketmq/registration.js';
export { alertmanagerSinks } from './alertmanager/registration.js';
export { httpSinks } from './http/registration.js';
