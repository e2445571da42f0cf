import { describe, expect, it } from 'vitest';
import { parseAlertEvent, type AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { toPostableAlert } from '../../lib/sinks/alertmanager/alerts.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import {
  EMPTY_SET_FINGERPRINT,
  VMP_RULE_ID,
  VMP_RULE_NAME,
  vmpAlert,
  vmpNotification,
  type VmpAlertFacts,
} from '../helpers/vmp-notifications.js';

// Volcengine VMP notifications built from ../shared/ALERT-SOURCES.md §3 (test/helpers/vmp-notifications.ts).

const RECEIVED = new Date('2026-11-30T12:34:56Z');

function events(body: object): AlertEvent[] {
  const decoded = decodeCallback(volcengine, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS, {
    otherVendors: registeredVendors(),
    receivedAt: RECEIVED,
  });
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(decoded)}`);
  return decoded.events.map((e) => parseAlertEvent(JSON.parse(e.json)));
}

const series = { __name__: 'node_cpu_usage', instance: '192.168.0.7:9100', job: 'node' };
const firing = (facts: Partial<VmpAlertFacts> = {}) =>
  vmpAlert({
    status: 'firing',
    alertId: 'alert-1001',
    level: 'P0',
    series,
    startsAt: '2026-11-30T19:31:00+08:00',
    currentValue: '97.5',
    ...facts,
  });

describe('Volcengine VMP notifications on the volcengine function', () => {
  it('makes a volcengine/vmp event per alert, starting in UTC, with no end while firing (endsAt omitted or zero)', () => {
    const [omitted, zero] = events(
      vmpNotification([firing(), firing({ alertId: 'alert-1002', series: { ...series, instance: 'b' }, endsAt: '0001-01-01T00:00:00Z' })]),
    );
    expect(omitted).toMatchObject({
      source: 'volcengine/vmp',
      data: { vendor: 'volcengine', kind: 'metric', status: 'firing', startsAt: '2026-11-30T11:31:00Z', endsAt: null },
    });
    expect(zero?.data.endsAt).toBeNull();
  });

  it('maps the levels P0/P1/P2 to critical/warning/info, and a severity label wins over the level', () => {
    const levels = ['P0', 'P1', 'P2', 'P3'].map((level) => events(vmpNotification([firing({ level })], level))[0]?.data.severity);
    expect(levels).toEqual(['critical', 'warning', 'info', 'info']);
    expect(events(vmpNotification([firing({ level: 'P2', series: { ...series, severity: 'critical' } })]))[0]?.data.severity).toBe(
      'critical',
    );
  });

  it('names the rule by alertingRuleName when alertname is its UUID, and keeps the UUID as its id', () => {
    const [event] = events(vmpNotification([firing()]));
    expect(event?.data.rule).toMatchObject({
      id: VMP_RULE_ID,
      name: VMP_RULE_NAME,
      type: 'vmp/PromQL',
      condition: 'avg by (instance) (node_cpu_usage) > 90',
    });
    expect(event?.data.rule.url).toBe(
      'https://console.volcengine.com/prometheus/region:prometheus+cn-beijing/alert/alerting?detail_id=alert-1001',
    );
    expect(event?.data.account.id).toBe('2100000001');
  });

  it('summarises from the current value when there is no summary annotation, and from the summary when there is', () => {
    const [bare] = events(vmpNotification([firing()]));
    expect(bare?.data.summary).toBe(`[FIRING critical] ${VMP_RULE_NAME}: current value 97.5 on 192.168.0.7:9100`);
    expect(bare?.data.metrics).toEqual([expect.objectContaining({ name: 'node_cpu_usage', value: 97.5, operator: '>', threshold: 90 })]);
    const [said] = events(vmpNotification([firing({ summary: 'CPU is hot' })]));
    expect(said?.data.summary).toBe(`[FIRING critical] ${VMP_RULE_NAME}: CPU is hot on 192.168.0.7:9100`);
  });

  it('does not trust the empty-label-set fingerprint VMP sends: two series, two fingerprints', () => {
    const [a, b] = events(
      vmpNotification([firing(), firing({ alertId: 'alert-1002', series: { ...series, instance: '192.168.0.8:9100' } })]),
    );
    expect((a!.data.raw as { alerts: { fingerprint: string }[] }).alerts[0]?.fingerprint).toBe(EMPTY_SET_FINGERPRINT);
    expect(a?.data.fingerprint).not.toBe(b?.data.fingerprint);
  });

  it('gives two re-fires of one alert (new internal_label_alert_id, new start) one fingerprint and two ids', () => {
    const [first] = events(vmpNotification([firing({ alertId: 'alert-1001', startsAt: '2026-11-30T19:31:00+08:00' })]));
    const [second] = events(vmpNotification([firing({ alertId: 'alert-2002', startsAt: '2026-11-30T21:00:00+08:00' })]));
    expect(first?.data.fingerprint).toBe(second?.data.fingerprint);
    expect(first?.id).not.toBe(second?.id);
  });

  it('ends a resolved alert without endsAt when the notification was received, and pairs it with its firing', () => {
    const [fired] = events(vmpNotification([firing()]));
    const [resolved] = events(vmpNotification([firing({ status: 'resolved' })]));
    expect(resolved?.data).toMatchObject({ status: 'resolved', endsAt: '2026-11-30T12:34:56Z' });
    expect(resolved?.data.fingerprint).toBe(fired?.data.fingerprint);
    const [ended] = events(vmpNotification([firing({ status: 'resolved', endsAt: '2026-11-30T19:45:00+08:00' })]));
    expect(ended?.data.endsAt).toBe('2026-11-30T11:45:00Z');
  });

  it("posts the original labels to a user's Alertmanager, not alerthook's restatement of them", () => {
    const [event] = events(vmpNotification([firing()]));
    const posted = toPostableAlert(event as AlertEvent, { holdMs: 60_000, now: RECEIVED });
    expect(posted.labels).toEqual({
      alertname: VMP_RULE_ID,
      account_id: '2100000001',
      internal_label_alert_id: 'alert-1001',
      internal_label_alert_level: 'P0',
      _name__: 'node_cpu_usage', // `__` is reserved in Alertmanager: sanitizeLabels renames it, as for every event
      instance: '192.168.0.7:9100',
      job: 'node',
      vendor: 'volcengine',
      severity: 'critical',
    });
  });
});
