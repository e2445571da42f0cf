import { describe, expect, it } from 'vitest';
import { BODY_TOO_LARGE } from '../../lib/pipeline/callback.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { TEST_TOKEN, basicAuth, request, testConfig, testReceiver } from '../helpers/receiver.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

const volc = volcengineSeeds();
const tencentMetric = stripDocAnnotations(tencentSeeds().metric);
const json = (body: string) => JSON.parse(body);

describe('receiver answers', () => {
  it('200 accepted with the event ids once the sink has them; Tencent also gets sessionId and retCode 0', async () => {
    const sink = new MemorySink();
    const { receive, logs } = testReceiver('tencent', sink);
    const response = await receive(request({ body: tencentMetric }));
    expect(response.statusCode).toBe(200);
    const answer = json(response.body);
    expect(answer).toMatchObject({ status: 'accepted', events: 1, sessionId: 'xxxxxxxx', retCode: 0 });
    expect([...sink.events.keys()]).toEqual(answer.ids);
    expect(logs).toEqual([
      expect.objectContaining({ msg: 'callback', requestId: 'req-1', vendor: 'tencent', status: 200, events: 1, outcome: 'accepted' }),
    ]);
  });

  it('one log line per request, whatever the outcome', async () => {
    const sink = new MemorySink();
    const { receive, logs } = testReceiver('volcengine', sink);
    await receive(request({ body: volc.Metric }));
    await receive(request({ method: 'PUT' }));
    await receive(request({ body: volc.Metric, headers: {} }));
    await receive(request({ body: 'x' }));
    expect(logs.map((l) => [l.status, l.outcome])).toEqual([
      [200, 'accepted'],
      [405, 'method-not-allowed'],
      [401, 'unauthorized'],
      [200, 'dead-lettered'],
    ]);
  });

  it('405 for methods other than GET, HEAD, POST, naming the allowed ones', async () => {
    const { receive } = testReceiver('tencent', new MemorySink());
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await receive(request({ method, body: tencentMetric }));
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST');
    }
  });

  it('401 and nothing stored without credentials, or with wrong ones', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink);
    for (const headers of [{}, { authorization: basicAuth('nope') }, { token: `${TEST_TOKEN}x` }]) {
      const response = await receive(request({ headers, body: volc.Metric }));
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
      expect(response.body).not.toContain(TEST_TOKEN);
    }
    // Not even a dead letter for a stranger's garbage.
    expect((await receive(request({ headers: {}, body: 'garbage' }))).statusCode).toBe(401);
    expect(sink.writes).toBe(0);
  });

  it('accepts each credential form', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink);
    const forms = [
      { headers: { authorization: basicAuth(TEST_TOKEN) } },
      { headers: { token: TEST_TOKEN } },
      { headers: { authorization: `Bearer ${TEST_TOKEN}` } },
      { headers: {}, query: { token: TEST_TOKEN } },
    ];
    for (const form of forms) expect((await receive(request({ ...form, body: volc.Metric }))).statusCode).toBe(200);
  });

  it('413 for a body the transport refused as too large, and nothing stored', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink, { config: testConfig({ ALERTHOOK_MAX_BODY_BYTES: '100' }) });
    const response = await receive(request({ body: BODY_TOO_LARGE }));
    expect(response.statusCode).toBe(413);
    expect(json(response.body).error).toContain('100 bytes');
    expect(sink.writes).toBe(0);
  });

  it('200 and nothing stored for URL checks: GET, HEAD, an empty POST, a Tencent sessionId-only body', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('tencent', sink);
    const probes = [
      request({ method: 'GET', headers: {} }),
      request({ method: 'HEAD', headers: {} }),
      request({ method: 'POST', headers: {}, body: null }),
      request({ body: '{"sessionId": "check-1"}' }),
    ];
    const answers = await Promise.all(probes.map(receive));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(answers[1]?.body).toBe('');
    expect(json(answers[3]?.body as string)).toEqual({ status: 'ok', sessionId: 'check-1', retCode: 0 });
    expect(sink.writes).toBe(0);
  });

  it('401 for a probe with wrong credentials, so a mistyped password shows when the URL is saved', async () => {
    const { receive } = testReceiver('tencent', new MemorySink());
    expect((await receive(request({ method: 'GET', headers: { authorization: basicAuth('typo') } }))).statusCode).toBe(401);
  });

  it('dead-letters an invalid body byte for byte with its errors, and answers 200 saying so', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink);
    const body = Buffer.from('{"Type": "Metric", "RuleId": 42, "HappenedAt": "whenever",\u00e9}', 'utf8');
    const response = await receive(request({ body, headers: { authorization: basicAuth(TEST_TOKEN), 'x-volc-trace-id': 't-9' } }));
    expect(response.statusCode).toBe(200);
    const answer = json(response.body);
    expect(answer.status).toBe('dead-lettered');
    const letter = sink.deadLetters.get(answer.deadLetterId);
    expect(Buffer.from(letter?.body as Uint8Array).equals(body)).toBe(true);
    expect(letter?.errors.length).toBeGreaterThan(0);
    expect(letter?.headers).toEqual({ 'x-volc-trace-id': 't-9' }); // no authorization header
    expect(sink.events.size).toBe(0);
  });

  it('dead-letters a schema failure with the field paths', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink);
    // Unreadable HappenedAt, and no LastAlertTime to go by instead.
    const sample = parseSample(volc.Metric);
    delete sample.Resources[0].LastAlertTime;
    const body = JSON.stringify({ ...sample, HappenedAt: 'soon' });
    const answer = json((await receive(request({ body }))).body);
    expect(answer.errors).toEqual([expect.stringMatching(/^HappenedAt: /)]);
  });

  it('503 when the sink fails, so the vendor retries; 503 when the dead-letter store fails', async () => {
    const sink = new MemorySink();
    sink.failEvents = new Error('disk on fire');
    sink.failDeadLetters = new Error('disk on fire');
    const { receive, logs } = testReceiver('volcengine', sink);
    const accepted = await receive(request({ body: volc.Metric }));
    const deadLettered = await receive(request({ body: 'not json' }));
    expect([accepted.statusCode, deadLettered.statusCode]).toEqual([503, 503]);
    expect(logs.map((l) => l.detail)).toEqual([expect.stringContaining('disk on fire'), expect.stringContaining('disk on fire')]);
    expect(sink.stored).toBe(0);
  });

  it('503 when the sink cannot be opened at all', async () => {
    const { createCallbackReceiver } = await import('../../lib/pipeline/receive-callback.js');
    const { VENDORS: vendors } = await import('../helpers/receiver.js');
    const receive = createCallbackReceiver({
      vendor: vendors.volcengine,
      config: testConfig(),
      mode: 'local',
      sink: async () => {
        throw new Error('no such bucket');
      },
      log: () => {},
    });
    expect((await receive(request({ body: volc.Metric }))).statusCode).toBe(503);
  });

  it('identical redeliveries store one event, not two', async () => {
    const sink = new MemorySink();
    const { receive } = testReceiver('volcengine', sink);
    const first = json((await receive(request({ body: volc.NoDataRecovered }))).body);
    const again = json((await receive(request({ body: volc.NoDataRecovered, requestId: 'req-2' }))).body);
    expect(again.ids).toEqual(first.ids);
    expect(sink.events.size).toBe(1);
  });

  it('a function with no secret configured refuses every call with 503, unless anonymous is allowed', async () => {
    const noToken = { ...testConfig(), token: null };
    const sink = new MemorySink();
    const refusing = testReceiver('tencent', sink, { config: noToken, mode: 'function' });
    expect((await refusing.receive(request({ body: tencentMetric, headers: {} }))).statusCode).toBe(503);
    expect((await refusing.receive(request({ method: 'GET', headers: {} }))).statusCode).toBe(503);
    expect(refusing.logs[0]?.detail).toMatch(/ALERTHOOK_TOKEN is not set/);
    // Direct invocations are authenticated by the platform (CAM) and carry no HTTP credentials.
    expect(
      (await refusing.receive(request({ body: tencentMetric, headers: {}, platformAuthenticated: true, transport: 'scf-direct' })))
        .statusCode,
    ).toBe(200);
    const open = testReceiver('tencent', sink, { config: { ...noToken, allowAnonymous: true }, mode: 'function' });
    expect((await open.receive(request({ body: tencentMetric, headers: {} }))).statusCode).toBe(200);
    const local = testReceiver('tencent', sink, { config: noToken, mode: 'local' });
    expect((await local.receive(request({ body: tencentMetric, headers: {} }))).statusCode).toBe(200);
  });
});
