import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SharedSecret } from '../../lib/auth/shared-secret.js';
import type { LogFields } from '../../lib/log.js';
import { createFunctionHandler } from '../../lib/runtime/function-handler.js';
import { startLocalServer } from '../../lib/server/local-server.js';
import { createFileSink } from '../../lib/sinks/file/sink.js';
import { VENDORS as vendors } from '../helpers/receiver.js';
import { testConfig } from '../helpers/receiver.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';
import { listFiles, useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const SECRET = 'Pr0d-Secret_value-7f3a';
const tencentBody = stripDocAnnotations(tencentSeeds().metric);
const volcengineBody = volcengineSeeds().Metric;
const basic = (password: string, user = 'alerthook') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Every wrong value of the secret an attacker or a typo would send. */
const WRONG = {
  wrong: 'not-the-secret',
  empty: '',
  truncated: SECRET.slice(0, -1),
  'other case': SECRET.toUpperCase(),
  'a character changed': `${SECRET.slice(0, 5)}x${SECRET.slice(6)}`,
  'a space inside': `${SECRET.slice(0, 5)} ${SECRET.slice(5)}`,
  'with a prefix': `x${SECRET}`,
};
/** Every place a credential can be put, as [headers, query]. */
const FORMS: Record<string, (value: string) => [Record<string, string>, Record<string, string>]> = {
  'Basic password': (v) => [{ authorization: basic(v) }, {}],
  'Token header': (v) => [{ token: v }, {}],
  'Bearer token': (v) => [{ authorization: `Bearer ${v}` }, {}],
  'token query parameter': (v) => [{}, { token: v }],
};

/** Everything a run wrote where a secret could leak: logs, answers, stored files. */
function leaks(texts: string[]): string[] {
  const needles = [SECRET, Buffer.from(`alerthook:${SECRET}`).toString('base64'), Buffer.from(SECRET).toString('base64')];
  return texts.filter((text) => needles.some((needle) => text.includes(needle)));
}

function functionEvent(transport: string, headers: Record<string, string>, query: Record<string, string>, body: string) {
  switch (transport) {
    case 'scf-function-url':
      return { httpMethod: 'POST', path: '/', headers, queryString: query, body };
    case 'scf-api-gateway':
      return {
        httpMethod: 'POST',
        path: '/',
        headers,
        queryString: query,
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
        requestContext: { requestId: 'r' },
      };
    default:
      return { httpMethod: 'POST', path: '/', headers, queryStringParameters: query, pathParameters: {}, body };
  }
}

describe('auth: no request without the right secret writes anything', () => {
  const outputs: string[] = [];

  for (const transport of ['scf-function-url', 'scf-api-gateway', 'vefaas-api-gateway']) {
    it(`${transport}: every form × every wrong value, and no credential at all → 401, nothing written`, async () => {
      const vendor = transport === 'vefaas-api-gateway' ? 'volcengine' : 'tencent';
      const body = vendor === 'tencent' ? tencentBody : volcengineBody;
      const dir = tempDir();
      const logs: LogFields[] = [];
      const handler = createFunctionHandler(vendors[vendor], {
        env: { ALERTHOOK_TOKEN: SECRET, ALERTHOOK_SINK: `file://${dir}` },
        log: (l) => logs.push(l),
      });
      let refused = 0;
      for (const form of Object.values(FORMS)) {
        for (const value of Object.values(WRONG)) {
          const [headers, query] = form(value);
          const answer = (await handler(functionEvent(transport, headers, query, body))) as { statusCode: number; body: string };
          expect(answer.statusCode).toBe(401);
          outputs.push(answer.body);
          refused++;
        }
      }
      // Mixed-case header names are the same header.
      expect(((await handler(functionEvent(transport, { TOKEN: 'nope' }, {}, body))) as { statusCode: number }).statusCode).toBe(401);
      expect(((await handler(functionEvent(transport, {}, {}, body))) as { statusCode: number }).statusCode).toBe(401);
      expect(listFiles(dir)).toEqual([]);
      // The right secret in every form is accepted, so the refusals above were about the value.
      for (const form of Object.values(FORMS)) {
        const [headers, query] = form(SECRET);
        expect(((await handler(functionEvent(transport, headers, query, body))) as { statusCode: number }).statusCode).toBe(200);
      }
      outputs.push(...logs.map((l) => JSON.stringify(l)), ...listFiles(dir).map((f) => readFileSync(`${dir}/${f}`, 'utf8')));
      expect(refused).toBe(Object.keys(FORMS).length * Object.keys(WRONG).length);
    });
  }

  it('local server over HTTP: every form × every wrong value → 401, nothing written', async () => {
    const dir = tempDir();
    const logs: LogFields[] = [];
    const server = await startLocalServer({
      config: testConfig({ ALERTHOOK_TOKEN: SECRET }),
      sink: createFileSink(`file://${dir}`),
      host: '127.0.0.1',
      port: 0,
      log: (l) => logs.push(l),
    });
    try {
      for (const form of Object.values(FORMS)) {
        for (const value of Object.values(WRONG)) {
          const [headers, query] = form(value);
          const url = new URL(`${server.url}/volcengine`);
          for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
          const response = await fetch(url, { method: 'POST', headers, body: volcengineBody });
          expect(response.status).toBe(401);
          outputs.push(await response.text(), JSON.stringify([...response.headers]));
        }
      }
      expect(listFiles(dir)).toEqual([]);
      // Accepted and dead-lettered requests with the secret in each place, then scan what they wrote.
      for (const form of Object.values(FORMS)) {
        const [headers, query] = form(SECRET);
        const url = new URL(`${server.url}/volcengine`);
        for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
        for (const body of [volcengineBody, '{"not": "an alarm"}']) {
          const response = await fetch(url, { method: 'POST', headers: { ...headers, 'x-volc-trace-id': 't' }, body });
          expect(response.status).toBe(200);
          outputs.push(await response.text());
        }
      }
      outputs.push(...logs.map((l) => JSON.stringify(l)), ...listFiles(dir).map((f) => readFileSync(`${dir}/${f}`, 'utf8')));
    } finally {
      await server.close();
    }
  });

  it('a function with no secret configured refuses every transport, and writes nothing', async () => {
    const dir = tempDir();
    const handler = createFunctionHandler(vendors.tencent, { env: { ALERTHOOK_SINK: `file://${dir}` }, log: () => {} });
    for (const transport of ['scf-function-url', 'scf-api-gateway']) {
      const [headers, query] = FORMS['Token header']!('anything');
      expect(((await handler(functionEvent(transport, headers, query, tencentBody))) as { statusCode: number }).statusCode).toBe(503);
    }
    expect(listFiles(dir)).toEqual([]);
  });

  it('the secret appears nowhere in what the runs above wrote: logs, answers, events, dead letters', () => {
    expect(outputs.length).toBeGreaterThan(100);
    expect(leaks(outputs)).toEqual([]);
    // The scan can find a leak: it finds one planted.
    expect(leaks([`{"x":"${SECRET}"}`])).toHaveLength(1);
  });
});

describe('auth: white space', () => {
  it('is not part of a header value (RFC 9110), but is part of a query value and a Basic password', async () => {
    const { normalizeHeaders } = await import('../../lib/transports/http-parts.js');
    const secret = new SharedSecret(SECRET);
    expect(secret.check(normalizeHeaders({ Token: ` ${SECRET} ` }), {})).toBe('valid');
    expect(secret.check(normalizeHeaders({ Authorization: `Bearer ${SECRET} ` }), {})).toBe('valid');
    expect(secret.check({}, { token: `${SECRET} ` })).toBe('invalid');
    expect(secret.check(normalizeHeaders({ Authorization: basic(`${SECRET} `) }), {})).toBe('invalid');
  });
});

describe('auth: comparison time does not depend on how much of the secret is right', () => {
  it('median check time is the same for a wrong first character, a wrong last character, and a different length', () => {
    const secret = new SharedSecret('s'.repeat(64));
    const candidates = { first: `x${'s'.repeat(63)}`, last: `${'s'.repeat(63)}x`, short: 's', long: 's'.repeat(4096) };
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] as number;
    const times: Record<string, number[]> = { first: [], last: [], short: [], long: [] };
    for (let round = 0; round < 41; round++) {
      for (const [name, value] of Object.entries(candidates)) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < 200; i++) secret.check({ token: value }, {});
        times[name]!.push(Number(process.hrtime.bigint() - start));
      }
    }
    const first = median(times.first!);
    const last = median(times.last!);
    // A byte-by-byte compare would make `last` slower than `first`; hashing first makes them alike.
    expect(Math.abs(last - first) / first).toBeLessThan(0.25);
    // Hashing a 4 KiB candidate costs more than a 64-byte one, but the prefix never matters.
    expect(median(times.short!)).toBeLessThan(median(times.long!));
  });
});
