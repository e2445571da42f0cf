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

/** Each log service's cloud, and how its platform delivers a POST to the function. */
const CASES = [
  {
    engine: 'cls' as const,
    provider: tencent,
    template: CLS_TEMPLATE,
    variables: 'cls-variables.json',
    source: 'tencentcloud/cls',
    // SCF Function URL: {httpMethod, path, queryString, headers (lower case), body}.
    event: (body: string) => ({
      httpMethod: 'POST',
      path: '/cls',
      queryString: {},
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
      body,
    }),
  },
  {
    engine: 'tls' as const,
    provider: volcengine,
    template: TLS_TEMPLATE,
    variables: 'tls-variables.json',
    source: 'volcengine/tls',
    // veFaaS API gateway: {httpMethod, path, pathParameters, queryStringParameters, headers, body}.
    event: (body: string) => ({
      httpMethod: 'POST',
      path: '/tls',
      pathParameters: {},
      queryStringParameters: {},
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` },
      body,
    }),
  },
];

describe.skipIf(missing !== null && !onCi)('log alarms through the function handlers', () => {
  for (const c of CASES) {
    it(`a ${c.engine.toUpperCase()} alarm through the ${c.provider.name} function, as its platform calls it, on /${c.engine}`, async () => {
      const dir = tempDir();
      const handler = createFunctionHandler(c.provider, {
        env: { ALERTHOOK_TOKEN: TEST_TOKEN, ALERTHOOK_SINK: `file://${dir}` },
        log: () => {},
      });
      const body = renderOne(c.engine, { template: c.template.body, variables: { ...read(c.variables), Alarm: HOSTILE }, mode: 'marshal' });
      const answer = (await handler(c.event(body), { request_id: `${c.engine}-1`, requestId: `${c.engine}-1` })) as {
        statusCode: number;
        body: string;
      };
      expect(answer.statusCode, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', events: 1 });
      expect(storedEvents(dir)).toMatchObject([
        { source: c.source, data: { vendor: c.provider.name, kind: 'event', rule: { name: HOSTILE } } },
      ]);
    });
  }

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
