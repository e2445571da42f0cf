import type { VendorName } from '../../lib/event/alert-event.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from './seeds.js';

/**
 * Distinct, valid callbacks built from the vendors' samples: a deterministic pseudo-random walk
 * over both vendors, Volcengine callbacks naming 1–5 resources, Tencent metric and event alarms,
 * firing and recovered. Each body differs, so each has its own event ids.
 */
export function* distinctCallbacks(count: number, seed = 1): Generator<{ vendor: VendorName; body: string; expectedEvents: number }> {
  const tencent = tencentSeeds();
  const tencentBodies = [parseSample(stripDocAnnotations(tencent.metric)), parseSample(stripDocAnnotations(tencent.event))];
  const volcengine = Object.values(volcengineSeeds()).map(parseSample);
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = 0; i < count; i++) {
    if (random() < 0.5) {
      const base = tencentBodies[i % 2] as Record<string, any>;
      const recovered = random() < 0.3;
      yield {
        vendor: 'tencent',
        body: JSON.stringify({
          ...base,
          sessionId: `s-${seed}-${i}`,
          alarmStatus: recovered ? '0' : '1',
          recoverTime: recovered ? '2017-03-09 07:15:00' : '0',
          durationTime: i,
        }),
        expectedEvents: 1,
      };
    } else {
      const base = volcengine[i % volcengine.length] as Record<string, any>;
      const list = ['Resources', 'RecoveredResources', 'NoDataResources', 'NoDataRecoveredResources'].find(
        (name) => Array.isArray(base[name]) && base[name].length > 0,
      ) as string;
      const template = base[list][0];
      const resources = 1 + Math.floor(random() * 5);
      yield {
        vendor: 'volcengine',
        body: JSON.stringify({
          ...base,
          [list]: Array.from({ length: resources }, (_, r) => ({
            ...template,
            Id: `${template.Id}-${seed}-${i}-${r}`,
            LastAlertTime: 1719905223 + i,
          })),
        }),
        expectedEvents: resources,
      };
    }
  }
}

// Recent times for alerts a live router keeps (Alertmanager drops resolved alerts past its
// retention); the recovery already past, so a resolved alert is over at once.
export const RECENT_START = new Date(Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000);
export const RECENT_RECOVERY = new Date(RECENT_START.getTime() + 5 * 60_000);

/** Tencent's "YYYY-MM-DD hh:mm:ss", in Beijing time as its callbacks are. */
function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Tencent's metric sample as the firing or the recovery of one alarm of `policyId`, starting at RECENT_START. */
export function recentTencentAlarm(policyId: string, status: 'firing' | 'resolved'): string {
  const body = parseSample(stripDocAnnotations(tencentSeeds().metric));
  body.alarmPolicyInfo.policyId = policyId;
  body.sessionId = `${policyId}-${status}`;
  body.alarmStatus = status === 'firing' ? '1' : '0';
  body.firstOccurTime = beijingTime(RECENT_START);
  body.recoverTime = status === 'firing' ? '0' : beijingTime(RECENT_RECOVERY);
  return JSON.stringify(body);
}
