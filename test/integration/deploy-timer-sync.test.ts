import { describe, expect, it } from 'vitest';
import { PLATFORM_DEPLOYERS } from '../../deploy/platforms.js';
import { fallbackNotes } from '../../deploy/redrive-schedule.js';
import { scheduledPayload } from '../../lib/scheduled-payload.js';
import { startScfStandIn } from '../helpers/scf-stand-in.js';

// The SCF deployer's timer upkeep against the strict stand-in, called directly (the serverless CLI's
// runs, and veFaaS's, whose signer does not load under vitest from the sources, are in
// test/shipped/deploy-timers.test.ts): created, left alone when unchanged, updated in place when the
// interval or the secret changes, deleted without a fallback;
// created for the heartbeat alone.

const TOKEN = 'callback-secret-3z';
const ZIP = new Uint8Array(Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000'), 'latin1'));
const FALLBACK = { ALERTHOOK_TOKEN: TOKEN, ALERTHOOK_FALLBACK: 's3://fallback?endpoint=cos.ap-guangzhou.myqcloud.com' };
const MUTATING = /^(Create|Update|Delete)(Trigger|Timer)$/;

describe('timer upkeep by the deployers', () => {
  it('SCF: create, unchanged, update, delete, nothing', async () => {
    const api = await startScfStandIn({ secretId: 'AKIDtest', secretKey: 'tc-secret', urlDelayReads: 1, asyncReads: 1 });
    try {
      const deployer = PLATFORM_DEPLOYERS.scf.create({
        env: {
          TENCENTCLOUD_SECRET_ID: 'AKIDtest',
          TENCENTCLOUD_SECRET_KEY: 'tc-secret',
          TENCENTCLOUD_REGION: 'ap-guangzhou',
          ALERTHOOK_TENCENTCLOUD_ENDPOINT: api.url,
        },
        functionName: 'alerthook-test-tencent',
        fn: { cloud: 'tencent' },
        provider: {},
        what: 'deploying',
      });
      const timerCalls = async (environment: Record<string, string>) => {
        const from = api.calls.length;
        const deployed = await deployer.deploy(ZIP, environment);
        return {
          calls: api.calls
            .slice(from)
            .filter((c) => c.error === undefined && MUTATING.test(c.action) && c.body.Type === 'timer')
            .map((c) => c.action),
          notes: deployed.notes,
        };
      };
      const timer = () => api.functions.get('default/alerthook-test-tencent')?.triggers.find((t) => t.Type === 'timer');
      expect((await timerCalls(FALLBACK)).calls).toEqual(['CreateTrigger']);
      expect(timer()).toMatchObject({ cron: '0 */1 * * * * *', customArgument: scheduledPayload(TOKEN), Qualifier: '$LATEST' });
      expect((await timerCalls(FALLBACK)).calls).toEqual([]);
      const updated = await timerCalls({ ...FALLBACK, ALERTHOOK_REDRIVE_INTERVAL_MS: '600000' });
      expect(updated.calls).toEqual(['UpdateTrigger']);
      expect(updated.notes).toContain('timer:        alerthook-redrive updated (0 */10 * * * * *)');
      // A new secret is a new argument: the timer follows it.
      expect((await timerCalls({ ...FALLBACK, ALERTHOOK_REDRIVE_INTERVAL_MS: '600000', ALERTHOOK_TOKEN: 'rotated' })).calls).toEqual([
        'UpdateTrigger',
      ]);
      expect(timer()?.customArgument).toBe(scheduledPayload('rotated'));
      expect((await timerCalls({ ALERTHOOK_TOKEN: TOKEN })).calls).toEqual(['DeleteTrigger']);
      expect(timer()).toBeUndefined();
      expect((await timerCalls({ ALERTHOOK_TOKEN: TOKEN })).calls).toEqual([]);
      // The heartbeat alone needs the timer too (its ticks send it), and switching it off removes it.
      expect((await timerCalls({ ALERTHOOK_TOKEN: TOKEN, ALERTHOOK_HEARTBEAT: '1' })).calls).toEqual(['CreateTrigger']);
      expect(timer()).toMatchObject({ cron: '0 */1 * * * * *', customArgument: scheduledPayload(TOKEN) });
      expect((await timerCalls({ ALERTHOOK_TOKEN: TOKEN, ALERTHOOK_HEARTBEAT: '0' })).calls).toEqual(['DeleteTrigger']);
      expect(api.calls.filter((c) => c.error !== undefined).map((c) => c.action)).toEqual(['GetFunction']);
    } finally {
      await api.close();
    }
  });

  it("the deploy output's fallback and heartbeat lines: none (and why one is recommended), a bucket, a /tmp directory", () => {
    expect(fallbackNotes({}).join('\n')).toMatch(
      /^fallback: {5}none\. .*lost once the vendor stops retrying[\s\S]*For production set ALERTHOOK_FALLBACK/,
    );
    expect(
      fallbackNotes({ ALERTHOOK_FALLBACK: 's3://b?endpoint=cos.ap-guangzhou.myqcloud.com', ALERTHOOK_REDRIVE_INTERVAL_MS: '300000' }),
    ).toEqual([
      'fallback:     s3://b?endpoint=cos.ap-guangzhou.myqcloud.com; the timer alerthook-redrive redrives it every 5 min',
      'heartbeat:    off (ALERTHOOK_HEARTBEAT=1 sends one to the sink on every tick, for downstream to alarm on silence)',
    ]);
    expect(fallbackNotes({ ALERTHOOK_HEARTBEAT: 'on', ALERTHOOK_REDRIVE_INTERVAL_MS: '120000' }).at(-1)).toBe(
      'heartbeat:    on; the timer alerthook-redrive sends one to the sink every 2 min',
    );
    expect(fallbackNotes({ ALERTHOOK_FALLBACK: 'file:///tmp/fb' }).join('\n')).toMatch(/lost with the instance: use s3:\/\//);
  });
});
