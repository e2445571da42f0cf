import { describe, expect, it } from 'vitest';
import { scfCron, vefaasCrontab } from '../../deploy/redrive-schedule.js';
import { validScfCron, validScfTriggerName, validVefaasCrontab, validVefaasTimerName } from '../helpers/timer-rules.js';

// The stand-ins' timer rules against the examples ../shared/cloud-apis/timers.md gives, so that
// what they refuse is what the references refuse, and what deploy sends passes.
describe('timer rules of the stand-ins', () => {
  it("SCF: seven fields, seconds first, as the document's examples", () => {
    for (const cron of ['0 */1 * * * * *', '0 * * * * * *', '*/5 * * * * * *', '0 15 10 * * MON-FRI *', '0 0 12 ? * 1#2 2030'])
      expect(validScfCron(cron), cron).toBe(true);
    for (const cron of ['*/1 * * * *', '0 */1 * * * *', '61 * * * * * *', '0 * * * * * 1969', 'every minute'])
      expect(validScfCron(cron), cron).toBe(false);
  });

  it('veFaaS: five fields, no seconds', () => {
    for (const crontab of ['* * * * *', '*/1 * * * *', '15 10 * * MON-FRI']) expect(validVefaasCrontab(crontab), crontab).toBe(true);
    for (const crontab of ['0 */1 * * * * *', '0 * * * * *', '60 * * * *']) expect(validVefaasCrontab(crontab), crontab).toBe(false);
  });

  it('names: SCF ≤ 60 starting with a letter; veFaaS 4–64 letters, digits and -', () => {
    expect(validScfTriggerName('alerthook-redrive')).toBe(true);
    expect(validScfTriggerName('1timer')).toBe(false);
    expect(validScfTriggerName('a'.repeat(61))).toBe(false);
    expect(validVefaasTimerName('alerthook-redrive')).toBe(true);
    expect(validVefaasTimerName('abc')).toBe(false);
    expect(validVefaasTimerName('alerthook_redrive')).toBe(false);
  });

  it('what deploy sends is each cloud’s dialect, and not the other’s', () => {
    for (const minutes of [1, 5, 59]) {
      expect(validScfCron(scfCron(minutes))).toBe(true);
      expect(validVefaasCrontab(scfCron(minutes))).toBe(false);
      expect(validVefaasCrontab(vefaasCrontab(minutes))).toBe(true);
      expect(validScfCron(vefaasCrontab(minutes))).toBe(false);
    }
  });
});
