import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../lib/server/local-server.js';
import { createKafkaSink } from '../../lib/sinks/kafka/sink.js';
import { parseKafkaUrl } from '../../lib/sinks/kafka/url.js';
import type { Sink } from '../../lib/pipeline/delivery.js';
import { crc32c, startKafkaStandIn, type KafkaStandIn } from '../helpers/kafka-stand-in.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

// No Kafka broker can run on these machines: these tests drive the real kafkajs client against
// a stand-in that speaks the Kafka wire protocol (test/helpers/kafka-stand-in.ts).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function broker(options: Parameters<typeof startKafkaStandIn>[0]): Promise<KafkaStandIn> {
  const standIn = await startKafkaStandIn(options);
  cleanups.push(() => standIn.close());
  return standIn;
}

async function serve(sink: Sink | (() => Promise<Sink>), env: Record<string, string> = {}): Promise<LocalServer> {
  const resolved = typeof sink === 'function' ? await sink() : sink;
  const server = await serveSink(resolved, env);
  cleanups.push(async () => {
    await server.close();
    await resolved.close();
  });
  return server;
}

const post = postCallback;

describe('kafka:// sink (kafkajs against a Kafka wire-protocol stand-in)', () => {
  it('delivers every seed sample end to end: key = fingerprint, value = event, ce_* headers, acks = all', async () => {
    const kafka = await broker({ topics: { alerts: 3, 'alerts.dead-letter': 1 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}));
    const ids: string[] = [];
    for (const body of Object.values(volcengineSeeds())) ids.push(...(await post(server, 'volcengine', body)).answer.ids);
    ids.push(...(await post(server, 'tencent', stripDocAnnotations(tencentSeeds().metric))).answer.ids);

    expect(kafka.records.map((r) => r.headers.ce_id)).toEqual(ids);
    for (const record of kafka.records) {
      const event = JSON.parse(String(record.value));
      expect(record).toMatchObject({ topic: 'alerts', acks: -1, compression: 'none' });
      expect(String(record.key)).toBe(event.data.fingerprint);
      expect(record.headers).toMatchObject({
        'content-type': 'application/cloudevents+json; charset=UTF-8',
        ce_specversion: '1.0',
        ce_id: event.id,
        ce_type: 'alerthook.alert.v1',
        ce_source: event.source,
        ce_time: event.time,
        ce_subject: event.subject,
      });
    }
    expect(kafka.requests).toContain(18); // ApiVersions
    expect(kafka.requests).toContain(3); // Metadata
  });

  it('one alert stays in one partition: firing and recovery share a key and a partition', async () => {
    const kafka = await broker({ topics: { alerts: 8 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}));
    const firing = parseSample(volcengineSeeds().Metric);
    const recovery = {
      ...firing,
      Type: 'MetricRecovered',
      HappenedAt: '2024-04-11 15:30:00(UTC+08:00)',
      RecoveredResources: firing.Resources,
      Resources: [],
    };
    await post(server, 'volcengine', JSON.stringify(firing));
    await post(server, 'volcengine', JSON.stringify(recovery));
    const [a, b] = kafka.records;
    expect(String(a?.key)).toBe(String(b?.key));
    expect(a?.partition).toBe(b?.partition);
    expect(JSON.parse(String(b?.value)).data.status).toBe('resolved');
  });

  it('dead-letters the raw body to TOPIC.dead-letter', async () => {
    const kafka = await broker({ topics: { alerts: 1, 'alerts.dead-letter': 1 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}));
    const { answer } = await post(server, 'tencent', 'not json at all');
    expect(answer.status).toBe('dead-lettered');
    expect(kafka.records).toHaveLength(1);
    expect(kafka.records[0]).toMatchObject({ topic: 'alerts.dead-letter' });
    expect(String(kafka.records[0]?.value)).toBe('not json at all');
    expect(JSON.parse(kafka.records[0]?.headers['alerthook-errors'] as string)[0]).toMatch(/not valid JSON/);
  });

  it.each(['snappy', 'lz4', 'gzip'] as const)('compresses with %s when asked', async (compression) => {
    const kafka = await broker({ topics: { alerts: 1 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts?compression=${compression}`, {}));
    const { answer } = await post(server, 'volcengine', volcengineSeeds().NoDataRecovered);
    expect(kafka.records[0]).toMatchObject({ compression });
    expect(JSON.parse(String(kafka.records[0]?.value)).id).toBe(answer.ids[0]);
  });

  it('authenticates with SASL PLAIN from the environment; wrong credentials fail to open', async () => {
    const kafka = await broker({ topics: { alerts: 1 }, sasl: { username: 'alerthook', password: 's3cret' } });
    const url = `kafka://127.0.0.1:${kafka.port}/alerts?sasl=plain`;
    const server = await serve(await createKafkaSink(url, { ALERTHOOK_KAFKA_USERNAME: 'alerthook', ALERTHOOK_KAFKA_PASSWORD: 's3cret' }));
    expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(200);
    expect(kafka.authenticatedAs[0]).toBe('alerthook');
    const error = await createKafkaSink(url, { ALERTHOOK_KAFKA_USERNAME: 'alerthook', ALERTHOOK_KAFKA_PASSWORD: 'wrong-pw' }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('wrong-pw');
  });

  it('503 when the broker rejects the write', async () => {
    const kafka = await broker({ topics: { alerts: 1 }, produceError: { topic: 'alerts', code: 29 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}));
    const { status } = await post(server, 'volcengine', volcengineSeeds().Metric);
    expect(status).toBe(503);
  });

  it('503 within the budget when the broker never acknowledges', async () => {
    const kafka = await broker({ topics: { alerts: 1 }, stallProduce: true });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}), { ALERTHOOK_TIME_BUDGET_MS: '400' });
    const started = performance.now();
    expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('fails to open against an unreachable broker, and a topic the broker does not have fails the write', async () => {
    await expect(createKafkaSink('kafka://127.0.0.1:1/alerts', {})).rejects.toThrow(/kafka:\/\/127\.0\.0\.1:1\/alerts/);
    const kafka = await broker({ topics: { other: 1 } });
    const server = await serve(await createKafkaSink(`kafka://127.0.0.1:${kafka.port}/alerts`, {}));
    expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
  });
});

describe('kafka sink configuration', () => {
  it('reads several brokers, SASL, TLS and compression from the URL', () => {
    const options = parseKafkaUrl('kafka://b1:9092,b2:9092/ops.alerts?sasl=scram-sha-512&tls=1&compression=lz4', {
      ALERTHOOK_KAFKA_USERNAME: 'u',
      ALERTHOOK_KAFKA_PASSWORD: 'p',
    });
    expect(options).toMatchObject({
      brokers: ['b1:9092', 'b2:9092'],
      topic: 'ops.alerts',
      deadLetterTopic: 'ops.alerts.dead-letter',
      tls: true,
      compression: 'lz4',
      sasl: { mechanism: 'scram-sha-512' },
    });
  });

  it('refuses SASL without credentials and an unknown compression', () => {
    expect(() => parseKafkaUrl('kafka://b/t?sasl=plain', {})).toThrow(/ALERTHOOK_KAFKA_USERNAME/);
    expect(() => parseKafkaUrl('kafka://b/t?compression=zstd', {})).toThrow(/compression=zstd/);
  });

  it('the stand-in\'s CRC-32C is the Castagnoli one (check value of "123456789")', () => {
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
  });
});
