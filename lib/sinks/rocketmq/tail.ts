import { runWithin } from '../../run-within.js';
import type { OnEvent, TailOptions } from '../sink.js';
import { parseRocketMqUrl, quietRocketMqWorker, rocketMqClient } from './client.js';

interface RocketMqConsumer {
  subscribe(options: { topic: string; tag?: string }): void;
  connect(): Promise<void>;
  run(options: { eachMessage: (message: { body: string }) => Promise<boolean> }): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * RocketMQ consumption is by group, and a group's messages are shared among its consumers: tail
 * therefore requires `?group=` naming a group created for it, never the real consumers' group.
 */
export async function tailRocketMq(url: string, onEvent: OnEvent, options: TailOptions): Promise<void> {
  const parsed = parseRocketMqUrl(url);
  const group = new URL(url).searchParams.get('group');
  if (group === null || group === '')
    throw new Error('tail needs ?group= naming a consumer group of its own (a shared group would take messages from its consumers)');
  const consumer: RocketMqConsumer = quietRocketMqWorker(
    (await rocketMqClient(parsed, options.env)).createConsumer({ group, maxWaitTimeMs: 1000 }),
  );
  consumer.subscribe({ topic: parsed.topic });
  await consumer.connect();
  options.onReady?.(`rocketmq+http://${new URL(parsed.endpoint).host}/${parsed.topic} (instance ${parsed.instanceId}, group ${group})`);
  try {
    void consumer.run({
      eachMessage: async (message) => {
        onEvent(message.body);
        return true;
      },
    });
    await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    await consumer.stop();
    await runWithin(1000, 'close', () => consumer.close()).catch(() => {});
  }
}
