import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemorySink } from '../helpers/memory-sink.js';
import { expectOneLineError, runCli } from '../helpers/built-cli.js';
import { request, TEST_TOKEN, testReceiver } from '../helpers/receiver.js';
import { enginesMissing, onCi, renderOne, type Engine } from '../helpers/template-render.js';

// `alerthook template cls|tls` as users run it (the built CLI): what it prints is pasted into the
// console as is. So the test takes the printout apart as a user would (headers, then the body
// below its marker), renders that body with the real engine, and posts it with those headers,
// the placeholder replaced by the secret, to the function.

const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/log-alarms/${name}`, import.meta.url), 'utf8'));
const CASES: { engine: Engine; vendor: 'tencent' | 'volcengine'; variables: Record<string, unknown>; source: string }[] = [
  { engine: 'cls', vendor: 'tencent', variables: read('cls-variables.json'), source: 'tencentcloud/cls' },
  { engine: 'tls', vendor: 'volcengine', variables: read('tls-variables.json'), source: 'volcengine/tls' },
];
const missing = enginesMissing();
if (missing !== null && !onCi) console.warn(`alerthook template: ${missing}; rendering the printout with the real engines is skipped`);
const BODY_MARKER = '# Body, everything below this line:\n';

function pasted(printout: string): { headers: Record<string, string>; body: string } {
  const at = printout.indexOf(BODY_MARKER);
  expect(at).toBeGreaterThan(0);
  const headers: Record<string, string> = {};
  for (const line of printout.slice(0, at).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line
      .slice(colon + 1)
      .trim()
      .replace('<ALERTHOOK_TOKEN>', TEST_TOKEN);
  }
  return { headers, body: printout.slice(at + BODY_MARKER.length) };
}

describe('alerthook template', () => {
  for (const { engine, vendor, variables, source } of CASES) {
    it(`${engine}: prints headers carrying the secret's placeholder, and a body --body prints alone`, async () => {
      const full = await runCli(['template', engine]);
      expect(full.code).toBe(0);
      const { headers, body } = pasted(full.stdout);
      expect(headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
      expect(headers['content-type']).toBe('application/json');
      expect(full.stdout).not.toContain(TEST_TOKEN);
      const only = await runCli(['template', engine, '--body']);
      expect(only.stdout).toBe(body);
      expect(body).toContain(`"AlerthookTemplate": "${engine}/1"`);
    });

    it.skipIf(missing !== null && !onCi)(
      `${engine}: the printout, pasted and rendered by the real engine, is accepted by the ${vendor} function`,
      async () => {
        expect(missing).toBeNull();
        const { headers, body } = pasted((await runCli(['template', engine])).stdout);
        const rendered = renderOne(engine, { template: body, variables, mode: 'marshal' });
        const sink = new MemorySink();
        const { receive } = testReceiver(vendor, sink, { mode: 'function' });
        const answer = JSON.parse((await receive(request({ body: rendered, headers }))).body);
        expect(answer.status).toBe('accepted');
        expect([...sink.events.values()].map(({ event }) => event.source)).toEqual([source]);
        const rejected = JSON.parse(
          (await receive(request({ body: rendered, headers: { ...headers, authorization: 'Bearer wrong' } }))).body,
        );
        expect(rejected.status).not.toBe('accepted');
      },
    );
  }

  it('names the sources it has templates for when given another', async () => {
    const result = await runCli(['template', 'monitor']);
    expect(expectOneLineError(result)).toContain('cls, tls');
    expect(result.code).toBe(2);
  });
});
