import { describe, expect, it } from 'vitest';
import { AlertEventSchema } from '../../lib/event/alert-event.js';
import { buildHeartbeatEvent, HEARTBEAT_EVENT_TYPE } from '../../lib/event/heartbeat-event.js';
import { redriveSchedule } from '../../deploy/redrive-schedule.js';

// The heartbeat's own contract: a retried tick repeats its id, two vendors or two minutes never
// share one, it says when it stops vouching, and no consumer validating alert events takes it for one.

const at = (iso: string) => new Date(iso);
const beat = (overrides: Partial<Parameters<typeof buildHeartbeatEvent>[0]> = {}) =>
  buildHeartbeatEvent({
    vendor: 'tencent',
    runtime: 'function',
    at: at('2026-12-02T01:00:05Z'),
    intervalMs: 60_000,
    deferredWaiting: null,
    ...overrides,
  });

describe('heartbeat event', () => {
  it('a retry of the same tick has the same id; another tick, vendor or runtime another', () => {
    const first = beat();
    expect(beat({ at: at('2026-12-02T01:00:59.900Z') }).id).toBe(first.id);
    const others = [beat({ at: at('2026-12-02T01:01:00Z') }), beat({ vendor: 'volcengine' }), beat({ runtime: 'serve' })].map((b) => b.id);
    expect(new Set([first.id, ...others]).size).toBe(4);
  });

  it('is named by the tick it answers, and dated when it is sent: a late retry keeps its id, not its time', () => {
    const tick = new Date('2026-12-02T01:00:00Z');
    const first = beat({ scheduledAt: tick, at: new Date('2026-12-02T01:00:02Z') });
    const retry = beat({ scheduledAt: tick, at: new Date('2026-12-02T01:03:30Z') });
    expect(retry.id).toBe(first.id);
    expect(retry.data.expiresAt).toBe('2026-12-02T01:07:30Z');
  });

  it("a function's ticks every 7 minutes (a cron's */7, restarting each hour) never share an id over a day", () => {
    const day = Date.parse('2026-12-02T00:00:00Z');
    const ticks: number[] = [];
    for (let hour = 0; hour < 24; hour++)
      for (let minute = 0; minute < 60; minute += 7) ticks.push(day + hour * 3_600_000 + minute * 60_000);
    const ids = ticks.map((t) => beat({ intervalMs: 7 * 60_000, scheduledAt: new Date(t), at: new Date(t + 1500) }).id);
    expect(new Set(ids).size).toBe(ticks.length);
  });

  it('a schedule faster than a minute (serve) gives each tick its own id', () => {
    const at = (ms: number) => beat({ runtime: 'serve', intervalMs: 250, at: new Date(Date.parse('2026-12-02T01:00:00Z') + ms) }).id;
    expect(at(0)).toBe(at(249));
    expect(new Set([at(0), at(250), at(500), at(750)]).size).toBe(4);
  });

  it('is a CloudEvent of its own type that expires four intervals after it was sent', () => {
    const event = beat({ intervalMs: 5 * 60_000, deferredWaiting: 3 });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: HEARTBEAT_EVENT_TYPE,
      source: 'alerthook/function',
      subject: 'tencent',
      time: '2026-12-02T01:00:05Z',
      data: { vendor: 'tencent', intervalSeconds: 300, expiresAt: '2026-12-02T01:20:05Z', deferredWaiting: 3 },
    });
    expect(event.type).not.toBe('alerthook.alert.v1');
  });

  it('is refused by the alert event schema, so a consumer validating alerts drops it rather than misreading it', () => {
    const result = AlertEventSchema.safeParse(JSON.parse(JSON.stringify(beat())));
    expect(result.success).toBe(false);
  });

  it('deploy keeps the timer for the heartbeat alone, and for neither removes it', () => {
    expect(redriveSchedule({ ALERTHOOK_HEARTBEAT: '1', ALERTHOOK_REDRIVE_INTERVAL_MS: '120000' })?.minutes).toBe(2);
    expect(redriveSchedule({ ALERTHOOK_HEARTBEAT: 'off' })).toBeNull();
    expect(redriveSchedule({})).toBeNull();
  });
});
