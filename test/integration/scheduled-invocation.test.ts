import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../lib/log.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { serveHttpFunction } from '../../lib/runtime/http-function.js';
import { scheduledPayload } from '../../lib/scheduled-payload.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { TEST_TOKEN, VENDORS, basicAuth } from '../helpers/receiver.js';
import { volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// The deployed timer's invocation on each platform, in the shapes ../shared/cloud-apis/timers.md
// records, reaches the redrive of the fallback store; an HTTP request never passes for one.

const tempDir = useTempDir();
const PAYLOAD = scheduledPayload(TEST_TOKEN);
const volc = volcengineSeeds();

/** A fallback holding one deferred callback of `vendor` (kept while the sink was misconfigured), and a sink directory. */
async function deferredOne(vendor: 'tencent' | 'volcengine') {
  const fallback = tempDir();
  const sink = tempDir();
  const broken = createFunctionHandler(VENDORS[vendor], {
    env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: 'file:/one-slash', ALERTHOOK_FALLBACK: `file://${fallback}` },
    log: () => {},
  });
  const body = vendor === 'tencent' ? recentTencentAlarm('timer-1', 'firing') : volc.Metric;
  const headers = vendor === 'tencent' ? { authorization: basicAuth(TEST_TOKEN) } : { token: TEST_TOKEN };
  const answer = (await broken({ httpMethod: 'POST', path: '/', headers, body, requestContext: {} }, { request_id: 'r1' })) as {
    body: string;
  };
  expect(JSON.parse(answer.body).status).toBe('deferred');
  const env = { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${sink}`, ALERTHOOK_FALLBACK: `file://${fallback}` };
  const waiting = async () => (await openFallbackStore(`file://${fallback}`, {})).list();
  const events = () => listFiles(sink).filter((f) => f.startsWith('events/'));
  return { env, waiting, events };
}

function handlerWith(vendor: 'tencent' | 'volcengine', env: Record<string, string>) {
  const logs: LogFields[] = [];
  return { handler: createFunctionHandler(VENDORS[vendor], { env, log: (line) => logs.push(line) }), logs };
}

describe('SCF timer trigger', () => {
  for (const type of ['Timer', 'timer']) {
    it(`{Type: "${type}", TriggerName, Time, Message} redrives the fallback store`, async () => {
      const { env, waiting, events } = await deferredOne('tencent');
      const { handler, logs } = handlerWith('tencent', env);
      const result = await handler({ Type: type, TriggerName: 'alerthook-redrive', Time: '2026-12-01T11:49:00Z', Message: PAYLOAD }, {});
      expect(result).toMatchObject({ status: 'ok', redriven: 1, events: 1 });
      expect(logs).toContainEqual(
        expect.objectContaining({ level: 'info', msg: 'scheduled', transport: 'scf-timer', redriven: 1, waiting: 0 }),
      );
      expect(await waiting()).toEqual([]);
      expect(events()).toHaveLength(1);
    });
  }

  it('a timer event without the deployed argument is ignored, and redrives nothing', async () => {
    const { env, waiting } = await deferredOne('tencent');
    const { handler, logs } = handlerWith('tencent', env);
    expect(await handler({ Type: 'Timer', TriggerName: 'someone-elses', Time: '2026-12-01T11:49:00Z', Message: 'x' }, {})).toEqual({
      status: 'ignored',
    });
    expect(await waiting()).toHaveLength(1);
    expect(logs.some((line) => String(line.msg).startsWith('scheduled invocation ignored'))).toBe(true);
  });

  it('an HTTP request whose body is a timer event is a callback, not the timer', async () => {
    const { env, waiting } = await deferredOne('tencent');
    const { handler } = handlerWith('tencent', env);
    const timerBody = JSON.stringify({ Type: 'Timer', TriggerName: 'alerthook-redrive', Time: '2026-12-01T11:49:00Z', Message: PAYLOAD });
    const answer = (await handler({ httpMethod: 'POST', path: '/', headers: {}, body: timerBody, requestContext: {} }, {})) as {
      statusCode: number;
    };
    expect(answer.statusCode).toBe(401);
    // Nor does a timer-shaped object that also has a request's fields.
    const mixed = (await handler({ Type: 'Timer', TriggerName: 't', Message: PAYLOAD, httpMethod: 'POST', headers: {}, body: '' }, {})) as {
      statusCode?: number;
    };
    expect(mixed).not.toMatchObject({ status: 'ok' });
    expect(await waiting()).toHaveLength(1);
  });
});

describe('veFaaS timer', () => {
  const envelope = (data: string) => ({
    id: '6f1d7a2e-0000-4000-8000-000000000001',
    source: '/faas/event/timer/tm-1',
    specversion: '1.0',
    time: '2026-12-01T04:28:07.945838513Z',
    type: 'faas.timer.event',
    datacontenttype: 'application/octet-stream',
    data,
  });

  for (const [form, make] of [
    ['an object', (e: object) => e],
    ['a Buffer', (e: object) => Buffer.from(JSON.stringify(e))],
    ['a string', (e: object) => JSON.stringify(e)],
  ] as const) {
    it(`node20/v1: the CloudEvents envelope as ${form} redrives the fallback store`, async () => {
      const { env, waiting, events } = await deferredOne('volcengine');
      const { handler } = handlerWith('volcengine', env);
      expect(await handler(make(envelope(PAYLOAD)), {})).toMatchObject({ status: 'ok', redriven: 1 });
      expect(await waiting()).toEqual([]);
      expect(events().length).toBeGreaterThan(0);
    });
  }

  it('native runtime: binary and structured CloudEvents requests redrive; the same without the argument is a callback (401)', async () => {
    const { env, waiting, events } = await deferredOne('volcengine');
    const server = await serveHttpFunction(VENDORS.volcengine, { env, log: () => {}, port: 0, host: '127.0.0.1' });
    try {
      const binary = (data: string) =>
        fetch(`${server.url}/`, {
          method: 'POST',
          headers: {
            'x-faas-event-type': 'cloudevent',
            'ce-id': 'x1',
            'ce-source': '/faas/event/timer/tm-1',
            'ce-specversion': '1.0',
            'ce-type': 'faas.timer.event',
            'ce-time': '2026-12-01T04:28:07Z',
            'content-type': 'application/octet-stream',
          },
          body: data,
        });
      // Posing: the platform's headers, but not the argument deploy derived from the secret.
      const posing = await binary('alerthook-schedule:guess');
      expect(posing.status).toBe(401);
      expect(await waiting()).toHaveLength(1);

      const structured = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'x-faas-event-type': 'cloudevent', 'content-type': 'application/cloudevents+json' },
        body: JSON.stringify(envelope(PAYLOAD)),
      });
      expect(structured.status).toBe(200);
      expect(await structured.json()).toMatchObject({ status: 'ok', redriven: 1 });
      expect(await waiting()).toEqual([]);
      expect(events().length).toBeGreaterThan(0);
      expect((await (await binary(PAYLOAD)).json()) as object).toMatchObject({ status: 'ok', found: 0 });
    } finally {
      await server.close();
    }
  });

  it('native runtime without ALERTHOOK_TOKEN: a request posing as the timer with the public argument writes no heartbeat', async () => {
    const dir = tempDir();
    const env = { ALERTHOOK_ALLOW_ANONYMOUS: '1', ALERTHOOK_SINK: `file://${dir}`, ALERTHOOK_HEARTBEAT: '1' };
    const server = await serveHttpFunction(VENDORS.volcengine, { env, log: () => {}, port: 0, host: '127.0.0.1' });
    try {
      const posing = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'x-faas-event-type': 'cloudevent', 'ce-type': 'faas.timer.event', 'content-type': 'application/octet-stream' },
        body: scheduledPayload(null),
      });
      expect(posing.status).toBe(200);
      expect(await posing.json()).toMatchObject({ status: 'ignored' });
      expect(listFiles(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
