import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lib/event/alert-event.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { CLS_TEMPLATE } from '../../lib/vendors/tencent/cls/template.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { TLS_TEMPLATE } from '../../lib/vendors/volcengine/tls/template.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import { TEST_TOKEN } from '../helpers/receiver.js';
import { enginesMissing, onCi, renderOne } from '../helpers/template-render.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

// A CLS alarm and a TLS alarm, rendered from the shipped templates by the real engines with a
// hostile alarm name, delivered to each cloud's function handler as its platform calls it (the SCF
// Function URL event, the veFaaS API gateway event; shapes from ../shared/VENDOR-NOTES.md) with the
// header the template tells the user to set, on the path the console steps name. The file sink
// then holds one event carrying the name exactly as fed in.

const missing = enginesMissing();
const tempDir = useTempDir();
const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/log-alarms/${name}`, import.meta.url), 'utf8'));
const HOSTILE = 'quote " backslash \\ newline \n tab \t bell \u0007 {{.x}} {% if %} </script> 😀 \u2028 end';

function storedEvents(dir: string): AlertEvent[] {
  return listFiles(dir)
    .filter((file) => file.startsWith('events/'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as AlertEvent);
}

describe.skipIf(missing !== null && !onCi)('log alarms through the function handlers', () => {
  it('a CLS alarm through the Tencent SCF handler, behind its Function URL at /cls', async () => {
    const dir = tempDir();
    const handler = createFunctionHandler(tencent, {
      env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` },
      log: () => {},
    });
    const body = renderOne('cls', {
      template: CLS_TEMPLATE.body,
      variables: { ...read('cls-variables.json'), Alarm: HOSTILE },
      mode: 'marshal',
    });
    const event = {
      httpMethod: 'POST',
      path: '/cls',
      queryString: {},
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
      body,
    };
    const answer = (await handler(event, { request_id: 'cls-1' })) as { statusCode: number; body: string };
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', events: 1 });
    const [stored] = storedEvents(dir);
    expect(stored).toMatchObject({ source: 'tencentcloud/cls', data: { vendor: 'tencent', kind: 'event', rule: { name: HOSTILE } } });
  });

  it('a TLS alarm through the Volcengine veFaaS handler, behind its API gateway at /tls', async () => {
    const dir = tempDir();
    const handler = createFunctionHandler(volcengine, {
      env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` },
      log: () => {},
    });
    const body = renderOne('tls', {
      template: TLS_TEMPLATE.body,
      variables: { ...read('tls-variables.json'), Alarm: HOSTILE },
      mode: 'marshal',
    });
    const event = {
      httpMethod: 'POST',
      path: '/tls',
      pathParameters: {},
      queryStringParameters: {},
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` },
      body,
    };
    const answer = (await handler(event, { requestId: 'tls-1' })) as { statusCode: number; body: string };
    expect(answer.statusCode, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', events: 1 });
    const [stored] = storedEvents(dir);
    expect(stored).toMatchObject({ source: 'volcengine/tls', data: { vendor: 'volcengine', kind: 'event', rule: { name: HOSTILE } } });
  });

  it('without the secret, nothing is written', async () => {
    const dir = tempDir();
    const handler = createFunctionHandler(tencent, {
      env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` },
      log: () => {},
    });
    const body = renderOne('cls', { template: CLS_TEMPLATE.body, variables: read('cls-variables.json'), mode: 'marshal' });
    const answer = (await handler({ httpMethod: 'POST', path: '/cls', queryString: {}, headers: {}, body }, {})) as { statusCode: number };
    expect(answer.statusCode).toBe(401);
    expect(listFiles(dir)).toEqual([]);
  });
});
