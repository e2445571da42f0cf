import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduledPayload } from '../../lib/scheduled-payload.js';
import { startScfStandIn } from '../helpers/scf-stand-in.js';
import { SECRETS, serverless as runServerless, serviceWith } from '../helpers/serverless-cli.js';
import { startVolcengineStandIn } from '../helpers/volcengine-stand-in.js';

// The redrive timer `serverless deploy` keeps beside each function, against the strict stand-ins
// extended from ../shared/cloud-apis/timers.md: created with the function when ALERTHOOK_FALLBACK is
// set, updated in place when the interval changes, deleted when the fallback is unset, and gone
// with `remove`. Each stand-in refuses the other cloud's cron dialect (seven fields vs five).

const SERVICE = serviceWith((yml) => yml);
afterAll(() => rmSync(SERVICE, { recursive: true, force: true }));
const serverless = (args: string[], env: Record<string, string>) => runServerless(args, env, SERVICE);
const ARGUMENT = scheduledPayload(SECRETS.ALERTHOOK_TOKEN);
const FALLBACK = 's3://alerthook-fallback?endpoint=cos.ap-guangzhou.myqcloud.com';

describe('the redrive timer on Tencent SCF (strict stand-in)', () => {
  it('deploy creates it (7-field cron, the argument) and says so', async () => {
    const api = await startScfStandIn({
      secretId: 'AKIDtest',
      secretKey: SECRETS.TENCENTCLOUD_SECRET_KEY,
      urlDelayReads: 1,
      asyncReads: 1,
    });
    try {
      const env = {
        TENCENTCLOUD_SECRET_ID: 'AKIDtest',
        TENCENTCLOUD_SECRET_KEY: SECRETS.TENCENTCLOUD_SECRET_KEY,
        TENCENTCLOUD_REGION: 'ap-guangzhou',
        ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN,
        ALERTHOOK_TENCENTCLOUD_ENDPOINT: api.url,
        ALERTHOOK_SINK: 'amqp://mq.internal/alerts?exchange=alerts',
        ALERTHOOK_FALLBACK: FALLBACK,
      };
      const timer = () => api.functions.get('default/alerthook-prod-tencent')?.triggers.find((t) => t.Type === 'timer');
      const first = await serverless(['deploy', '--param', 'cloud=tencent'], env);
      expect(first.code, first.output).toBe(0);
      expect(timer()).toMatchObject({ TriggerName: 'alerthook-redrive', cron: '0 */1 * * * * *', customArgument: ARGUMENT, enable: 1 });
      expect(first.output).toContain('timer:        alerthook-redrive created (0 */1 * * * * *)');
      expect(first.output).toMatch(/fallback: {5}s3:\/\/alerthook-fallback.*redrives it every 1 min/);

      // Updating and deleting it: test/integration/deploy-timer-sync.test.ts drives the same deployer directly.
      expect(api.calls.filter((c) => c.error !== undefined).map((c) => c.action)).toEqual(['GetFunction']); // only "not found yet"
      // remove is DeleteFunction, which deletes the triggers with it (deploy-tencent.test.ts runs it).
    } finally {
      await api.close();
    }
  }, 120_000);
});

describe('the redrive timer on Volcengine veFaaS (strict stand-in)', () => {
  it('deploy creates it (5-field crontab, the payload), redeploy updates it, remove deletes it before the function', async () => {
    const api = await startVolcengineStandIn({ accessKey: 'AKLTtest', secretKey: SECRETS.VOLCENGINE_SECRET_KEY, region: 'cn-beijing' });
    try {
      const env = {
        VOLCENGINE_ACCESS_KEY: 'AKLTtest',
        VOLCENGINE_SECRET_KEY: SECRETS.VOLCENGINE_SECRET_KEY,
        VOLCENGINE_REGION: 'cn-beijing',
        ALERTHOOK_TOKEN: SECRETS.ALERTHOOK_TOKEN,
        ALERTHOOK_VOLCENGINE_ENDPOINT: api.url,
        ALERTHOOK_SINK: 'amqp://mq.internal/alerts?exchange=alerts',
        ALERTHOOK_FALLBACK: FALLBACK,
      };
      const timers = () => [...api.timers.values()];
      const first = await serverless(['deploy', '--param', 'cloud=volcengine'], env);
      expect(first.code, first.output).toBe(0);
      expect(timers()).toEqual([
        expect.objectContaining({ Name: 'alerthook-redrive', Crontab: '*/1 * * * *', Payload: ARGUMENT, Enabled: true }),
      ]);
      // After the release: a timer is made for released code (whether it fires before is unconfirmed).
      const actions = api.calls.map((c) => c.action);
      expect(actions.indexOf('CreateTimer')).toBeGreaterThan(actions.indexOf('Release'));

      const again = await serverless(['deploy', '--param', 'cloud=volcengine'], { ...env, ALERTHOOK_REDRIVE_INTERVAL_MS: '120000' });
      expect(again.code, again.output).toBe(0);
      expect(timers()).toEqual([expect.objectContaining({ Crontab: '*/2 * * * *' })]);
      expect(api.calls.filter((c) => c.action === 'CreateTimer')).toHaveLength(1);
      expect(api.calls.filter((c) => c.error !== undefined)).toEqual([]);

      const removed = await serverless(['remove', '--param', 'cloud=volcengine'], env);
      expect(removed.code, removed.output).toBe(0);
      expect(timers()).toEqual([]);
      expect(api.functions.size).toBe(0);
    } finally {
      await api.close();
    }
  }, 120_000);
});
