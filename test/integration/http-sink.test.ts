import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSinks } from '../../lib/sinks/open-sinks.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { startLocalServer } from '../../lib/server/local-server.js';
import { request, testConfig, testReceiver } from '../helpers/receiver.js';
import { postCallback, serveSink } from '../helpers/sink-server.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

// The CloudEvents-over-HTTP sink against a real HTTP server on loopback that holds it to the
// CloudEvents HTTP binding (helpers/cloudevents-receiver.ts) and answers as each test tells it to.

let receiver: CloudEventsReceiver;
let base: string;

beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
  base = receiver.url;
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.deadLetters.length = 0;
  receiver.answer = null;
});
afterEach(() => expect(receiver.complaints).toEqual([]));

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

/** The events the pipeline makes of a body, as alerthook would encode them (a memory sink's view). */
async function expectedEvents(vendor: 'tencent' | 'volcengine', body: string): Promise<string[]> {
  const sink = new MemorySink();
  await testReceiver(vendor, sink).receive(request({ body }));
  return [...sink.events.values()].map((e) => e.json);
}

async function deliver(sinkUrl: string, vendor: 'tencent' | 'volcengine', body: string, env: Record<string, string> = {}) {
  const server = await serveSink(await openSinks(sinkUrl, null, env), env);
  try {
    return await postCallback(server, vendor, body);
  } finally {
    await server.close();
  }
}

/** A Volcengine callback naming three resources: three events. */
function threeResources(): string {
  const parsed = parseSample(volcengineSeeds().Metric);
  const [first] = parsed.Resources;
  parsed.Resources = ['enas-1', 'enas-2', 'enas-3'].map((id) => ({ ...first, Id: id, Name: id }));
  return JSON.stringify(parsed);
}

describe('http(s):// sink: CloudEvents over HTTP', () => {
  it("structured mode: one POST per event, application/cloudevents+json, the event as its body; the receiver's own query kept", async () => {
    const body = threeResources();
    const { status, answer: reply } = await deliver(`${base}/hook?tenant=ops&deadLetterUrl=${base}/dead-letters`, 'volcengine', body);
    expect(status, JSON.stringify(reply)).toBe(200);
    expect(receiver.requests).toHaveLength(3);
    for (const request of receiver.requests) {
      expect(request.path).toBe('/hook?tenant=ops');
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
      expect(JSON.parse(request.body)).toMatchObject({
        specversion: '1.0',
        type: expect.any(String),
        source: expect.any(String),
        id: expect.any(String),
      });
    }
    expect(receiver.requests.map((r) => r.body).sort()).toEqual((await expectedEvents('volcengine', body)).sort());
    expect(receiver.requests.map((r) => JSON.parse(r.body).id).sort()).toEqual([...reply.ids].sort());
  });

  it('batch mode: one POST per callback, application/cloudevents-batch+json, a JSON array of the events', async () => {
    const body = threeResources();
    const { status } = await deliver(`${base}/batch?batch=1&deadLetterUrl=${base}/dead-letters`, 'volcengine', body);
    expect(status).toBe(200);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.path).toBe('/batch');
    expect(receiver.requests[0]?.headers['content-type']).toBe('application/cloudevents-batch+json; charset=UTF-8');
    const batch = JSON.parse(receiver.requests[0]?.body as string) as unknown[];
    expect(batch.map((e) => JSON.stringify(e)).sort()).toEqual((await expectedEvents('volcengine', body)).sort());
  });

  it('sends the Authorization header, or a named header, from the environment, and never the secret in the URL', async () => {
    const body = stripDocAnnotations(tencentSeeds().metric);
    await deliver(`${base}/a?deadLetterUrl=${base}/dead-letters`, 'tencent', body, { ALERTHOOK_HTTP_AUTHORIZATION: 'Bearer s3cr3t-token' });
    expect(receiver.requests[0]?.headers.authorization).toBe('Bearer s3cr3t-token');
    receiver.requests.length = 0;
    await deliver(`${base}/b?deadLetterUrl=${base}/dead-letters`, 'tencent', body, { ALERTHOOK_HTTP_HEADER: 'X-Api-Key: k-123' });
    expect(receiver.requests[0]?.headers['x-api-key']).toBe('k-123');
    expect(receiver.requests[0]?.headers.authorization).toBeUndefined();
    await expect(openSinks(`http://user:pw@127.0.0.1:1/x?deadLetterUrl=${base}/dead-letters`, null, {})).rejects.toThrow(
      /credentials go in ALERTHOOK_HTTP_/,
    );
  });

  it('a body that is not an alarm is POSTed raw to deadLetterUrl, with why', async () => {
    const bad = '{"alarmStatus": "maybe", "告警": 1}';
    const { status, answer: reply } = await deliver(
      `${base}/hook?deadLetterUrl=${encodeURIComponent(`${base}/dead-letters?k=1`)}`,
      'tencent',
      bad,
    );
    expect(status).toBe(200);
    expect(reply.status).toBe('dead-lettered');
    expect(receiver.requests).toEqual([]);
    expect(receiver.deadLetters).toHaveLength(1);
    expect(receiver.deadLetters[0]).toMatchObject({ path: '/dead-letters?k=1', body: bad });
    expect(receiver.deadLetters[0]?.headers['content-type']).toBe('application/octet-stream');
    expect(JSON.parse(receiver.deadLetters[0]?.headers['alerthook-errors'] as string)[0]).toMatch(/^alarmStatus/);
  });

  it('without deadLetterUrl or ALERTHOOK_DEAD_LETTER, as the only sink it is a configuration error', async () => {
    await expect(openSinks(`${base}/hook`, null, {})).rejects.toThrow(/cannot keep dead letters .*set ALERTHOOK_DEAD_LETTER/);
  });

  it.each([
    ['a 500', ((_req, res) => res.writeHead(500).end('down')) as Answer, /HTTP 500/],
    [
      'a redirect, not followed',
      ((_req, res) => res.writeHead(307, { location: '/elsewhere' }).end()) as Answer,
      /HTTP 307 \(redirects are not followed\)/,
    ],
    ['a stall past the time budget', (() => {}) as Answer, /time budget|aborted|timed out/i],
  ])('%s is a sink failure: 503, so the vendor retries', async (_name, failure, cause) => {
    receiver.answer = failure;
    const logs: Record<string, unknown>[] = [];
    const env = { ALERTHOOK_TIME_BUDGET_MS: '1000' };
    const server = await startLocalServer({
      config: testConfig(env),
      sink: await openSinks(`${base}/hook?deadLetterUrl=${base}/dead-letters`, null, {}),
      host: '127.0.0.1',
      port: 0,
      log: (line) => logs.push(line),
    });
    const started = Date.now();
    try {
      const { status } = await postCallback(server, 'volcengine', volcengineSeeds().Metric);
      expect(status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      receiver.dropConnections();
      await server.close();
    }
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
    expect(String(logs.find((l) => l.msg === 'callback')?.detail)).toMatch(cause);
  });
});
