import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../lib/log.js';
import { lazyFunctionInstance } from '../../lib/runtime/function-instance.js';
import { openFallbackStore } from '../../lib/sinks/fallback-store.js';
import { recentTencentAlarm } from '../helpers/callback-bodies.js';
import { TEST_TOKEN, VENDORS, request } from '../helpers/receiver.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

function instance(env: Record<string, string>) {
  const logs: LogFields[] = [];
  const fn = lazyFunctionInstance(VENDORS.tencent, 'scf', {
    env: { ALERTHOOK_TOKEN: TEST_TOKEN, ...env },
    log: (line) => logs.push(line),
  })();
  return { fn, logs };
}

describe('a mistake in the sink configuration, with a fallback store', () => {
  for (const [what, env] of [
    ['an unparseable ALERTHOOK_SINK', { ALERTHOOK_SINK: 'file:/one-slash' }],
    ['an unknown scheme', { ALERTHOOK_SINK: 'rabbit://host/x' }],
    ['a missing credential', { ALERTHOOK_SINK: 's3://alerts?endpoint=127.0.0.1:9&style=path&region=r1' }],
  ] as const) {
    it(`${what}: callbacks are deferred, and the log says loudly what is wrong`, async () => {
      const dir = tempDir();
      const { fn, logs } = instance({ ...env, ALERTHOOK_FALLBACK: `file://${dir}` });
      const response = await fn.receive(request({ body: recentTencentAlarm('p1', 'firing') }));
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ status: 'deferred', retCode: 0 });
      expect(await (await openFallbackStore(`file://${dir}`, {})).list()).toHaveLength(1);
      const errors = logs.filter((line) => line.level === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((line) => `${line.msg} ${line.detail ?? ''}`).join('\n')).toMatch(
        /ALERTHOOK_SINK|scheme|ALERTHOOK_S3_ACCESS_KEY_ID/,
      );
      expect(JSON.stringify(logs)).not.toContain(TEST_TOKEN);
    });

    it(`${what}: without a fallback, 503 as before`, async () => {
      const { fn } = instance(env);
      expect((await fn.receive(request({ body: recentTencentAlarm('p1', 'firing') }))).statusCode).toBe(503);
    });
  }

  it('a mistake in ALERTHOOK_FALLBACK itself is refused (nowhere to defer to)', async () => {
    const { fn, logs } = instance({ ALERTHOOK_FALLBACK: 'amqp://127.0.0.1/x?exchange=alerts' });
    expect((await fn.receive(request({ body: recentTencentAlarm('p1', 'firing') }))).statusCode).toBe(503);
    expect(logs[0]?.msg).toMatch(/ALERTHOOK_FALLBACK must be a store that keeps raw bodies \(file:\/\/ or s3:\/\/\)/);
  });

  it('the start-up line names the fallback, or says there is none', async () => {
    const dir = tempDir();
    expect(instance({ ALERTHOOK_FALLBACK: `file://${dir}`, ALERTHOOK_SINK: `file://${dir}` }).logs[0]).toMatchObject({
      fallback: `file://${dir}`,
    });
    expect(String(instance({ ALERTHOOK_SINK: `file://${dir}` }).logs[0]?.fallback)).toMatch(/^none/);
  });
});
