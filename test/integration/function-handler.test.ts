import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../lib/log.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { VENDORS as vendors } from '../helpers/receiver.js';
import { TEST_TOKEN, basicAuth } from '../helpers/receiver.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const volc = volcengineSeeds();
const tencentMetric = stripDocAnnotations(tencentSeeds().metric);

function handlerFor(vendor: 'tencent' | 'volcengine', env: Record<string, string> = {}) {
  const dir = tempDir();
  const logs: LogFields[] = [];
  const handler = createFunctionHandler(vendors[vendor], {
    env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}`, ...env },
    log: (l) => logs.push(l),
  });
  return { handler, dir, logs, events: () => listFiles(dir).filter((f) => f.startsWith('events/')) };
}

type HttpAnswer = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };

describe('Tencent SCF transports', () => {
  it('Function URL event: lower-case headers, Basic credentials from the callback URL', async () => {
    const { handler, events, logs } = handlerFor('tencent');
    const answer = (await handler(
      {
        httpMethod: 'POST',
        path: '/',
        queryString: {},
        headers: { 'content-type': 'application/json', authorization: basicAuth(TEST_TOKEN), 'x-scf-remote-addr': '1.2.3.4' },
        body: tencentMetric,
      },
      { request_id: 'scf-req-1' },
    )) as HttpAnswer;
    expect(answer).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', retCode: 0 });
    expect(events()).toHaveLength(1);
    expect(logs.find((l) => l.msg === 'callback')).toMatchObject({
      requestId: 'scf-req-1',
      transport: 'scf-function-url',
      vendor: 'tencent',
      status: 200,
      events: 1,
    });
  });

  it('a Volcengine body at the Tencent function is dead-lettered with a first reason naming the right function', async () => {
    const { handler, events } = handlerFor('tencent');
    const answer = (await handler(
      {
        httpMethod: 'POST',
        path: '/',
        queryString: {},
        headers: { 'content-type': 'application/json', authorization: basicAuth(TEST_TOKEN) },
        body: volc.Metric,
      },
      { request_id: 'scf-req-misdirected' },
    )) as HttpAnswer;
    const reply = JSON.parse(answer.body) as { status: string; errors: string[] };
    expect(reply.status).toBe('dead-lettered');
    expect(reply.errors[0]).toMatch(
      /^this looks like a Volcengine CloudMonitor callback, not a Tencent Cloud Monitor one: send it to the volcengine endpoint/,
    );
    expect(events()).toEqual([]);
  });

  it('legacy API Gateway event with a base64 body and mixed-case headers', async () => {
    const { handler, events, logs } = handlerFor('tencent');
    const answer = (await handler({
      requestContext: { requestId: 'apigw-1', sourceIp: '1.2.3.4' },
      httpMethod: 'POST',
      path: '/alarm',
      headers: { Authorization: basicAuth(TEST_TOKEN), 'Content-Type': 'application/json' },
      queryString: {},
      body: Buffer.from(tencentMetric).toString('base64'),
      isBase64Encoded: true,
    })) as HttpAnswer;
    expect(answer.statusCode).toBe(200);
    expect(events()).toHaveLength(1);
    expect(logs.find((l) => l.msg === 'callback')).toMatchObject({ transport: 'scf-api-gateway', requestId: 'apigw-1' });
  });

  it('direct delivery from Cloud Monitor: the alarm JSON is the event; answered with a plain object', async () => {
    const { handler, events, logs } = handlerFor('tencent');
    const answer = await handler(JSON.parse(tencentMetric), { request_id: 'direct-1' });
    expect(answer).toMatchObject({ status: 'accepted', events: 1, sessionId: 'xxxxxxxx', retCode: 0 });
    expect(events()).toHaveLength(1);
    expect(logs.find((l) => l.msg === 'callback')).toMatchObject({ transport: 'scf-direct' });
  });

  it('direct delivery throws on a sink failure, so the platform retries the invocation', async () => {
    const { handler, dir } = handlerFor('tencent');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/events`, 'blocks the events directory');
    await expect(handler(JSON.parse(tencentMetric), {})).rejects.toThrow(/503/);
  });

  it('401 and nothing written for each refused credential form', async () => {
    const { handler, dir } = handlerFor('tencent');
    for (const headers of [
      {},
      { authorization: basicAuth('wrong') },
      { Authorization: basicAuth(TEST_TOKEN.toUpperCase()) },
      { token: TEST_TOKEN.slice(0, -1) },
    ]) {
      const answer = (await handler({ httpMethod: 'POST', path: '/', headers, queryString: {}, body: tencentMetric })) as HttpAnswer;
      expect(answer.statusCode).toBe(401);
    }
    expect(listFiles(dir)).toEqual([]);
  });

  it('413 for a body over ALERTHOOK_MAX_BODY_BYTES', async () => {
    const { handler, dir } = handlerFor('tencent', { ALERTHOOK_MAX_BODY_BYTES: '64' });
    const answer = (await handler({
      httpMethod: 'POST',
      path: '/',
      headers: { authorization: basicAuth(TEST_TOKEN) },
      queryString: {},
      body: tencentMetric,
    })) as HttpAnswer;
    expect(answer.statusCode).toBe(413);
    expect(listFiles(dir)).toEqual([]);
  });

  it('with no ALERTHOOK_TOKEN: 503 for every call and a clear log line; ALERTHOOK_ALLOW_ANONYMOUS=1 opens it', async () => {
    const refusing = handlerFor('tencent', { ALERTHOOK_TOKEN: '' });
    const answer = (await refusing.handler({
      httpMethod: 'POST',
      path: '/',
      headers: {},
      queryString: {},
      body: tencentMetric,
    })) as HttpAnswer;
    expect(answer.statusCode).toBe(503);
    expect(refusing.logs.some((l) => l.level === 'error' && /ALERTHOOK_TOKEN is not set/.test(l.msg))).toBe(true);
    expect(refusing.events()).toEqual([]);
    const open = handlerFor('tencent', { ALERTHOOK_TOKEN: '', ALERTHOOK_ALLOW_ANONYMOUS: '1' });
    expect(
      ((await open.handler({ httpMethod: 'POST', path: '/', headers: {}, queryString: {}, body: tencentMetric })) as HttpAnswer).statusCode,
    ).toBe(200);
  });

  it('a configuration error answers 503 and says which variable, once', async () => {
    const { handler, logs } = handlerFor('tencent', { ALERTHOOK_TENCENT_UTC_OFFSET: 'Beijing' });
    for (let i = 0; i < 2; i++) {
      expect(((await handler({ httpMethod: 'POST', path: '/', headers: {}, queryString: {}, body: '{}' })) as HttpAnswer).statusCode).toBe(
        503,
      );
    }
    expect(logs.filter((l) => /ALERTHOOK_TENCENT_UTC_OFFSET/.test(l.msg))).toHaveLength(1);
  });

  it('names a mistyped sink list at the first call and refuses with 503, writing nothing', async () => {
    for (const sink of ['file:/./data', 'file://./data,', 'nope://x']) {
      const { handler, logs } = handlerFor('tencent', { ALERTHOOK_SINK: sink });
      const answer = (await handler(
        { httpMethod: 'POST', path: '/', queryString: {}, headers: { authorization: basicAuth(TEST_TOKEN) }, body: tencentMetric },
        {},
      )) as HttpAnswer;
      expect(answer.statusCode, sink).toBe(503);
      expect(logs.find((l) => l.level === 'error')?.msg, sink).toMatch(/^configuration error: ALERTHOOK_SINK/);
    }
  });

  it('does no work at module load: nothing is read or logged before the first call', async () => {
    const logs: LogFields[] = [];
    createFunctionHandler(vendors.tencent, { env: { ALERTHOOK_TOKEN: 'x', ALERTHOOK_SINK: 'nope://' }, log: (l) => logs.push(l) });
    expect(logs).toEqual([]);
  });
});

describe('Volcengine veFaaS API gateway transport', () => {
  const gatewayEvent = (body: string, extra: Record<string, unknown> = {}) => ({
    httpMethod: 'POST',
    path: '/',
    pathParameters: {},
    queryStringParameters: {},
    headers: {
      Token: TEST_TOKEN,
      'Content-Type': 'application/json',
      'X-Volc-Trace-Id': 'trace-7',
      'X-Volc-Rule-Id': '1574726******98880',
    },
    body,
    ...extra,
  });

  it('plain body with the Token header (interface encryption); vendor headers carried case-insensitively', async () => {
    const { handler, dir, events } = handlerFor('volcengine');
    const answer = (await handler(gatewayEvent(volc.Metric), { requestId: 'vefaas-1' })) as HttpAnswer;
    expect(answer.statusCode).toBe(200);
    const [file] = events();
    const stored = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
    expect(stored.data.delivery).toEqual({
      traceId: 'trace-7',
      headers: { 'x-volc-trace-id': 'trace-7', 'x-volc-rule-id': '1574726******98880' },
    });
  });

  it('base64 body when flagged, and when unflagged but plainly base64 of JSON', async () => {
    const encoded = Buffer.from(volc.MetricsNoData).toString('base64');
    for (const extra of [{ isBase64Encoded: true }, {}]) {
      const { handler, events } = handlerFor('volcengine');
      expect(((await handler(gatewayEvent(encoded, extra))) as HttpAnswer).statusCode).toBe(200);
      expect(events()).toHaveLength(1);
    }
  });

  it('the same body plain and base64 gives the same event id', async () => {
    const a = handlerFor('volcengine');
    const b = handlerFor('volcengine');
    const plain = JSON.parse(((await a.handler(gatewayEvent(volc.Metric))) as HttpAnswer).body);
    const based = JSON.parse(((await b.handler(gatewayEvent(Buffer.from(volc.Metric).toString('base64')))) as HttpAnswer).body);
    expect(based.ids).toEqual(plain.ids);
  });

  it('a body that merely could be base64 but is not base64 of JSON is taken as it is (and dead-lettered)', async () => {
    const { handler, dir } = handlerFor('volcengine');
    const answer = JSON.parse(((await handler(gatewayEvent('abcd'))) as HttpAnswer).body);
    expect(answer.status).toBe('dead-lettered');
    expect(readFileSync(`${dir}/dead-letter/volcengine/${answer.deadLetterId}.body`, 'utf8')).toBe('abcd');
  });

  it('token in the query string', async () => {
    const { handler } = handlerFor('volcengine');
    const event = gatewayEvent(volc.Metric, { headers: {}, queryStringParameters: { token: TEST_TOKEN } });
    expect(((await handler(event)) as HttpAnswer).statusCode).toBe(200);
  });
});
