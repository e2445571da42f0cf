import { envValue, type Env } from '../../env.js';
import { choice } from '../sink-url.js';

/**
 * `rocketmq+http://ENDPOINT/TOPIC?instance=INSTANCE_ID[&tag=…][&deadLetterTopic=…][&group=…]` and
 * the SDK client both the sink and the tail use. Credentials: ALERTHOOK_ROCKETMQ_ACCESS_KEY /
 * ALERTHOOK_ROCKETMQ_SECRET_KEY.
 */

export interface RocketMqOptions {
  endpoint: string;
  topic: string;
  instanceId: string;
  tag: 'status' | 'kind' | 'severity';
  deadLetterTopic: string;
}

export function parseRocketMqUrl(text: string): RocketMqOptions {
  const url = new URL(text);
  if (url.protocol !== 'rocketmq+http:') throw new Error('rocketmq sink URL must be rocketmq+http://ENDPOINT/TOPIC?instance=…');
  const topic = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  const instanceId = url.searchParams.get('instance');
  if (topic === '' || topic.includes('/')) throw new Error('rocketmq sink URL names no topic: rocketmq+http://ENDPOINT/TOPIC?instance=…');
  if (instanceId === null || instanceId === '') throw new Error('rocketmq sink needs ?instance=INSTANCE_ID');
  return {
    endpoint: `http://${url.host}`,
    topic,
    instanceId,
    tag: choice(url.searchParams, 'tag', ['status', 'kind', 'severity'], 'status'),
    deadLetterTopic: url.searchParams.get('deadLetterTopic') ?? `${topic}-dead-letter`,
  };
}

/**
 * The SDK's workers log tab-separated lines with console.log (request payloads included); stdout
 * here is one JSON line per request, and their failures reach us as rejections, so they are kept quiet.
 */
export function quietRocketMqWorker<T>(worker: T): T {
  (worker as unknown as { _logger?: unknown })._logger = { error() {}, warn() {}, info() {}, debug() {} };
  return worker;
}

export function rocketMqCredentials(env: Env): { accessKey: string; secretKey: string } {
  const accessKey = envValue(env, 'ALERTHOOK_ROCKETMQ_ACCESS_KEY');
  const secretKey = envValue(env, 'ALERTHOOK_ROCKETMQ_SECRET_KEY');
  if (accessKey === undefined || secretKey === undefined)
    throw new Error('rocketmq sink needs ALERTHOOK_ROCKETMQ_ACCESS_KEY and ALERTHOOK_ROCKETMQ_SECRET_KEY in the environment');
  return { accessKey, secretKey };
}

/**
 * The SDK's rocketmq module. The package's root loads every Volcengine service (≈280 modules); its
 * rocketmq module alone is ≈120. The package has no `exports` map, so the deep path is part of its
 * published layout.
 */
export async function rocketMqClient(options: RocketMqOptions, env: Env) {
  const { Client } = await import('@volcengine/openapi/lib/services/rocketmq/index.js');
  return new Client({ endpoint: options.endpoint, instanceId: options.instanceId, ...rocketMqCredentials(env) });
}
