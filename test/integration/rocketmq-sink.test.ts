import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../lib/server/local-server.js';
import { parseRocketMqUrl } from '../../lib/sinks/rocketmq/client.js';
import { createRocketMqSink } from '../../lib/sinks/rocketmq/sink.js';
import type { Sink } from '../../lib/pipeline/delivery.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import { startRocketMqStandIn, type RocketMqStandIn } from '../helpers/rocketmq-stand-in.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { verifyVolcengineSignature } from '../helpers/volcengine-signature.js';

// No RocketMQ can run here: the real @volcengine/openapi producer talks to a stand-in of the
// HTTP access point (test/helpers/rocketmq-stand-in.ts), which verifies every signature.

const KEYS = { ALERTHOOK_ROCKETMQ_ACCESS_KEY: 'AKLTtest', ALERTHOOK_ROCKETMQ_SECRET_KEY: 'c2VjcmV0' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function standIn(extra: Partial<Parameters<typeof startRocketMqStandIn>[0]> = {}): Promise<RocketMqStandIn> {
  const server = await startRocketMqStandIn({ accessKey: 'AKLTtest', secretKey: 'c2VjcmV0', instanceId: 'rocketmq-cn-test', ...extra });
  cleanups.push(() => server.close());
  return server;
}

async function serve(sink: Sink, env: Record<string, string> = {}): Promise<LocalServer> {
  const server = await serveSink(sink, env);
  cleanups.push(async () => {
    await server.close();
    await sink.close();
  });
  return server;
}

const post = postCallback;

describe('rocketmq+http:// sink (the real SDK producer against an HTTP access-point stand-in)', () => {
  it('delivers every seed sample end to end: tag = status, keys = [id], shardingKey = fingerprint, signed requests', async () => {
    const mq = await standIn();
    const server = await serve(await createRocketMqSink(`rocketmq+http://${mq.endpoint}/alerts?instance=rocketmq-cn-test`, KEYS));
    const ids: string[] = [];
    for (const body of Object.values(volcengineSeeds())) ids.push(...(await post(server, 'volcengine', body)).answer.ids);
    ids.push(...(await post(server, 'tencent', stripDocAnnotations(tencentSeeds().metric))).answer.ids);
    expect(mq.messages.map((m) => m.keys?.[0])).toEqual(ids);
    for (const message of mq.messages) {
      const event = JSON.parse(message.body);
      expect(message).toMatchObject({ topic: 'alerts', tag: event.data.status, shardingKey: event.data.fingerprint, keys: [event.id] });
      expect(message.properties.ce_id).toBe(event.id);
    }
    expect(mq.calls[0]).toBe('POST /v1/clients');
    expect(mq.badSignatures).toBe(0);
  });

  it('dead-letters the body as base64 to TOPIC-dead-letter', async () => {
    const mq = await standIn();
    const server = await serve(await createRocketMqSink(`rocketmq+http://${mq.endpoint}/alerts?instance=rocketmq-cn-test`, KEYS));
    const { answer } = await post(server, 'volcengine', '\u0000 not an alarm');
    expect(answer.status).toBe('dead-lettered');
    expect(mq.messages[0]).toMatchObject({ topic: 'alerts-dead-letter', tag: 'dead-letter', keys: [answer.deadLetterId] });
    expect(Buffer.from(mq.messages[0]?.body as string, 'base64').toString()).toBe('\u0000 not an alarm');
  });

  it('503 when the access point rejects the send; 503 within the budget when it never answers', async () => {
    const rejecting = await standIn({ failSendWith: { status: 403, code: 'TopicNotExist' } });
    const a = await serve(await createRocketMqSink(`rocketmq+http://${rejecting.endpoint}/alerts?instance=i`, KEYS));
    expect((await post(a, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
    const stalled = await standIn({ stallSend: true });
    const b = await serve(await createRocketMqSink(`rocketmq+http://${stalled.endpoint}/alerts?instance=i`, KEYS), {
      ALERTHOOK_TIME_BUDGET_MS: '400',
    });
    const started = performance.now();
    expect((await post(b, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
    expect(performance.now() - started).toBeLessThan(2000);
    // The stalled producer was replaced: the next send opens a new client instead of queueing behind it.
    await post(b, 'volcengine', volcengineSeeds().Metric);
    expect(stalled.calls.filter((c) => c === 'POST /v1/clients')).toHaveLength(2);
  });

  it('fails to open with wrong keys (signature refused) and against an unreachable endpoint', async () => {
    const mq = await standIn();
    await expect(
      createRocketMqSink(`rocketmq+http://${mq.endpoint}/alerts?instance=i`, { ...KEYS, ALERTHOOK_ROCKETMQ_SECRET_KEY: 'wrong' }),
    ).rejects.toThrow(/rocketmq\+http/);
    expect(mq.badSignatures).toBe(1);
    await expect(createRocketMqSink('rocketmq+http://127.0.0.1:1/alerts?instance=i', KEYS)).rejects.toThrow(/127\.0\.0\.1:1/);
  });

  it('prints nothing of its own on stdout (the SDK logs through console.log)', async () => {
    const mq = await standIn();
    const lines: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(args);
    try {
      const sink = await createRocketMqSink(`rocketmq+http://${mq.endpoint}/alerts?instance=i`, KEYS);
      await sink.close();
    } finally {
      console.log = original;
    }
    expect(lines).toEqual([]);
  });
});

describe('rocketmq sink configuration', () => {
  it('reads endpoint, topic, instance, tag choice', () => {
    expect(parseRocketMqUrl('rocketmq+http://mq.example:8080/ops?instance=MQ_INST_1&tag=severity')).toEqual({
      endpoint: 'http://mq.example:8080',
      topic: 'ops',
      instanceId: 'MQ_INST_1',
      tag: 'severity',
      deadLetterTopic: 'ops-dead-letter',
    });
    expect(() => parseRocketMqUrl('rocketmq+http://mq.example/ops')).toThrow(/instance/);
  });

  it('the signature verifier rejects a tampered body (it can fail)', () => {
    const headers = {
      authorization: `HMAC-SHA256 Credential=AK/20260101/all/rocketmq/request, SignedHeaders=host;x-date, Signature=${'0'.repeat(64)}`,
      host: 'h',
      'x-date': '20260101T000000Z',
    };
    expect(verifyVolcengineSignature({ method: 'POST', path: '/', headers, body: Buffer.from('{}') }, 's').valid).toBe(false);
  });
});
