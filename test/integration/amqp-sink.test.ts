import { buildHeartbeatEvent } from '../../lib/event/heartbeat-event.js';
import { randomUUID } from 'node:crypto';
import { Socket, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import amqp from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAmqpSink } from '../../lib/sinks/amqp/sink.js';
import { parseAmqpUrl } from '../../lib/sinks/amqp/url.js';
import { amqpTestUrl } from '../helpers/broker.js';
import { testConfig } from '../helpers/receiver.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

const brokerUrl = amqpTestUrl();

describe.skipIf(brokerUrl === undefined)('amqp:// sink against a real RabbitMQ broker', () => {
  let admin: ChannelModel;
  let channel: Channel;
  const exchange = `alerthook-test-${randomUUID()}`;
  const alerts = `${exchange}-alerts`;
  const deadLetters = `${exchange}-dead`;

  beforeAll(async () => {
    admin = await amqp.connect(brokerUrl as string);
    channel = await admin.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    await channel.assertQueue(alerts, { durable: false });
    await channel.assertQueue(deadLetters, { durable: false });
    await channel.bindQueue(alerts, exchange, 'alert.#');
    await channel.bindQueue(deadLetters, exchange, 'dead-letter.#');
  });
  afterAll(async () => {
    if (!channel) return;
    await channel.deleteQueue(alerts);
    await channel.deleteQueue(deadLetters);
    await channel.deleteExchange(exchange);
    await admin.close();
  });

  async function drain(queue: string): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) return messages;
      messages.push(message);
    }
  }

  const serveWith = serveSink;
  const post = postCallback;

  it('a heartbeat no queue is bound for fails loudly; on the default exchange only a queue named for it takes one', async () => {
    const event = buildHeartbeatEvent({
      vendor: 'tencent',
      runtime: 'function',
      at: new Date(),
      intervalMs: 60_000,
      deferredWaiting: null,
    });
    const beat = { event, json: JSON.stringify(event) };
    // The test exchange binds alert.# and dead-letter.# only: heartbeat.tencent is unroutable.
    const unbound = await createAmqpSink(`${brokerUrl}?exchange=${exchange}`, {});
    try {
      await expect(unbound.writeHeartbeat(beat)).rejects.toThrow(/no queue bound for routing key "heartbeat\.tencent"/);
    } finally {
      await unbound.close();
    }
    expect(await drain(alerts)).toEqual([]); // never into the alert queue
    // The default exchange routes by queue name: without heartbeatRoutingKey the beat would be an alert queue's.
    const direct = await createAmqpSink(`${brokerUrl}?routingKey=${alerts}`, {});
    const beats = `${exchange}-beats`;
    await channel.assertQueue(beats, { durable: false });
    const named = await createAmqpSink(`${brokerUrl}?routingKey=${alerts}&heartbeatRoutingKey=${beats}`, {});
    try {
      await expect(direct.writeHeartbeat(beat)).rejects.toThrow(/default exchange: .*add &heartbeatRoutingKey=QUEUE/);
      await named.writeHeartbeat(beat);
      expect((await drain(beats)).map((m) => [m.properties.messageId, m.properties.type])).toEqual([[event.id, 'alerthook.heartbeat.v1']]);
      expect(await drain(alerts)).toEqual([]);
    } finally {
      await direct.close();
      await named.close();
      await channel.deleteQueue(beats);
    }
  });

  it('delivers every seed sample end to end: persistent, confirmed, routed by the key template', async () => {
    const sink = await createAmqpSink(`${brokerUrl}?exchange=${exchange}`, {});
    const server = await serveWith(sink);
    try {
      const ids: string[] = [];
      for (const body of Object.values(volcengineSeeds())) ids.push(...(await post(server, 'volcengine', body)).answer.ids);
      ids.push(...(await post(server, 'tencent', stripDocAnnotations(tencentSeeds().metric))).answer.ids);
      const messages = await drain(alerts);
      expect(messages.map((m) => m.properties.messageId)).toEqual(ids);
      for (const message of messages) {
        const event = JSON.parse(message.content.toString());
        expect(event.id).toBe(message.properties.messageId);
        expect(message.properties.deliveryMode).toBe(2); // persistent
        expect(message.properties.contentType).toBe('application/cloudevents+json');
        expect(message.fields.routingKey).toBe(`alert.${event.data.vendor}.${event.data.severity}.${event.data.status}`);
        expect(message.properties.headers?.['alerthook-fingerprint']).toBe(event.data.fingerprint);
      }
    } finally {
      await server.close();
      await sink.close();
    }
  });

  it('turns Nagle off on its connection: a publish is three frames, and with Nagle each confirm waits ~40 ms for a delayed ACK', async () => {
    // Which sockets get which setting, noted when it is set (a closed socket no longer knows its peer).
    const original = Socket.prototype.setNoDelay;
    const settings: { port: number | undefined; noDelay: boolean | undefined }[] = [];
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay').mockImplementation(function (this: Socket, noDelay?: boolean) {
      settings.push({ port: this.remotePort, noDelay });
      return original.call(this, noDelay);
    });
    try {
      const sink = await createAmqpSink(`${brokerUrl}?exchange=${exchange}`, {});
      const server = await serveWith(sink);
      try {
        expect((await post(server, 'tencent', stripDocAnnotations(tencentSeeds().metric))).status).toBe(200);
      } finally {
        await server.close();
        await sink.close();
      }
      await drain(alerts);
      const brokerPort = Number(new URL(brokerUrl as string).port || 5672);
      expect(settings.filter((s) => s.port === brokerPort).map((s) => s.noDelay)).toEqual([true]);
    } finally {
      setNoDelay.mockRestore();
    }
  });

  it('dead-letters the raw body with its errors in a header', async () => {
    const sink = await createAmqpSink(`${brokerUrl}?exchange=${exchange}`, {});
    const server = await serveWith(sink);
    try {
      const { answer } = await post(server, 'volcengine', '{"Type": "Metric",}garbage');
      expect(answer.status).toBe('dead-lettered');
      const [message] = await drain(deadLetters);
      expect(message?.content.toString()).toBe('{"Type": "Metric",}garbage');
      expect(message?.fields.routingKey).toBe('dead-letter.volcengine');
      expect(JSON.parse(String(message?.properties.headers?.['alerthook-errors']))[0]).toMatch(/not valid JSON/);
    } finally {
      await server.close();
      await sink.close();
    }
  });

  it('503 when no queue is bound for the routing key: the broker returns the message, the alert is not lost', async () => {
    const sink = await createAmqpSink(`${brokerUrl}?exchange=${exchange}&routingKey=nowhere.{vendor}`, {});
    const server = await serveWith(sink);
    try {
      expect((await post(server, 'volcengine', volcengineSeeds().Metric)).status).toBe(503);
    } finally {
      await server.close();
      await sink.close();
    }
  });

  it('refuses to open on a missing exchange, naming it', async () => {
    await expect(createAmqpSink(`${brokerUrl}?exchange=${exchange}-missing`, {})).rejects.toThrow(/NOT_FOUND.*-missing/);
  });

  it('refuses to open with wrong credentials, without printing the password', async () => {
    const url = new URL(brokerUrl as string);
    url.username = 'guest';
    url.password = 'definitely-wrong-pw';
    const error = await createAmqpSink(`${url}?exchange=${exchange}`, {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('definitely-wrong-pw');
  });

  it('503 for an unreachable broker, and within the budget for one that accepts and never answers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const { createCallbackReceiver } = await import('../../lib/pipeline/receive-callback.js');
      const { VENDORS: vendors } = await import('../helpers/receiver.js');
      const { request } = await import('../helpers/receiver.js');
      for (const url of [`amqp://127.0.0.1:1/?exchange=x`, `amqp://127.0.0.1:${port}/?exchange=x`]) {
        const receive = createCallbackReceiver({
          vendor: vendors.volcengine,
          config: testConfig({ ALERTHOOK_TIME_BUDGET_MS: '500' }),
          mode: 'local',
          sink: () => createAmqpSink(url, {}),
          log: () => {},
        });
        const started = performance.now();
        expect((await receive(request({ body: volcengineSeeds().Metric }))).statusCode).toBe(503);
        expect(performance.now() - started).toBeLessThan(2000);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('gives up on a broker that never completes the handshake, instead of waiting for ever', async () => {
    // amqplib alone would wait for ever here; the sink abandons the attempt so a later call can retry.
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = performance.now();
      await expect(createAmqpSink(`amqp://127.0.0.1:${port}/?exchange=x`, {})).rejects.toThrow(/no AMQP handshake within/);
      expect(performance.now() - started).toBeLessThan(8000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  }, 15_000);
});

describe('amqp sink configuration', () => {
  it('takes credentials from the environment when the URL has none, and never shows them', () => {
    const options = parseAmqpUrl('amqps://mq.example:5671/prod?exchange=alerts', {
      ALERTHOOK_AMQP_USERNAME: 'svc',
      ALERTHOOK_AMQP_PASSWORD: 'p@ss word',
    });
    expect(options.url).toContain('svc:p%40ss%20word@mq.example');
    expect(options.safeUrl).toBe('amqps://mq.example:5671/prod');
    expect(options.routingKey).toBe('alert.{vendor}.{severity}.{status}');
  });

  it('needs an exchange, or a routing key (queue) for the default exchange', () => {
    expect(() => parseAmqpUrl('amqp://h/', {})).toThrow(/needs \?exchange=/);
    expect(parseAmqpUrl('amqp://h/?routingKey=alerts', {})).toMatchObject({
      exchange: '',
      routingKey: 'alerts',
      deadLetterRoutingKey: 'alerts',
      heartbeatRoutingKey: '',
    });
  });
});
