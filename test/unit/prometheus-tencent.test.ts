import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertEvent, type AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback, type DecodedCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import type { VendorProvider } from '../../lib/vendors/vendor.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { vmpAlert, vmpNotification } from '../helpers/vmp-notifications.js';

// Tencent TMP notifications are Alertmanager webhook v4 bodies (../shared/ALERT-SOURCES.md §1–2).
// These are built from the format's documented keys (AM template.go `Data`/`Alert`, webhook.go
// `Message`); test/integration/alertmanager-sender.test.ts has a real Alertmanager send them.

const CLOUD_MONITOR_METRIC = JSON.parse(readFileSync(new URL('../../lib/vendors/tencent/samples/metric.json', import.meta.url), 'utf8'));
const RECEIVED = new Date('2026-12-01T08:00:00Z');

function alert(status: 'firing' | 'resolved', labels: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    status,
    labels,
    annotations: { summary: `${labels.alertname} on ${labels.instance}` },
    startsAt: '2026-11-30T10:00:00.123456789Z',
    endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-30T10:05:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
    fingerprint: '0123456789abcdef',
    ...extra,
  };
}

function notification(alerts: object[], extra: Record<string, unknown> = {}) {
  return {
    receiver: 'alerthook',
    status: alerts.some((a) => (a as { status: string }).status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'NodeDown' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}:{alertname="NodeDown"}',
    truncatedAlerts: 0,
    ...extra,
  };
}

function decode(body: object, options: { sourceName?: string; vendor?: VendorProvider<any, any> } = {}): DecodedCallback {
  return decodeCallback(options.vendor ?? tencent, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS, {
    otherVendors: registeredVendors(),
    receivedAt: RECEIVED,
    sourceName: options.sourceName,
  });
}

function events(body: object, options: { sourceName?: string } = {}): AlertEvent[] {
  const decoded = decode(body, options);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(decoded)}`);
  return decoded.events.map((e) => parseAlertEvent(JSON.parse(e.json)));
}

const node1 = { alertname: 'NodeDown', instance: '10.0.0.1:9100', job: 'node', severity: 'critical' };
const node2 = { alertname: 'NodeDown', instance: '10.0.0.2:9100', job: 'node', severity: 'warning' };

describe('Tencent TMP (Alertmanager webhook v4) on the tencent function', () => {
  it('makes one event per alert, each with its own status, source tencentcloud/prometheus', () => {
    const got = events(notification([alert('firing', node1), alert('resolved', node2)]));
    expect(got.map((e) => [e.source, e.data.vendor, e.data.status, e.subject])).toEqual([
      ['tencentcloud/prometheus', 'tencent', 'firing', '10.0.0.1:9100'],
      ['tencentcloud/prometheus', 'tencent', 'resolved', '10.0.0.2:9100'],
    ]);
    expect(new Set(got.map((e) => e.id)).size).toBe(2);
  });

  it('reads times in UTC: a firing alert has no end, a resolved one ends at its endsAt', () => {
    const [firing, resolved] = events(
      notification([alert('firing', node1, { startsAt: '2026-11-30T18:00:00+08:00' }), alert('resolved', node2)]),
    );
    expect(firing?.data).toMatchObject({ startsAt: '2026-11-30T10:00:00Z', endsAt: null });
    expect(resolved?.data).toMatchObject({ startsAt: '2026-11-30T10:00:00.123Z', endsAt: '2026-11-30T10:05:00Z' });
    // An end Alertmanager expects but has not reached is not an end while firing.
    const [future] = events(notification([alert('firing', node1, { endsAt: '2099-01-01T00:00:00Z' })]));
    expect(future?.data.endsAt).toBeNull();
  });

  it("gives firing and resolved one fingerprint, and two label sets two, whatever the sender's fingerprint says", () => {
    const [firing] = events(notification([alert('firing', node1)]));
    const [resolved] = events(notification([alert('resolved', node1)]));
    const [other] = events(notification([alert('firing', node2)]));
    expect(firing?.data.fingerprint).toBe(resolved?.data.fingerprint);
    // Both alerts carry the same sender fingerprint '0123456789abcdef'.
    expect(other?.data.fingerprint).not.toBe(firing?.data.fingerprint);
  });

  it('takes severity from labels.severity in its common spellings, else the default', () => {
    const severities = ['critical', 'page', 'error', 'Warning', 'warn', 'info', 'none', 'bogus'].map(
      (severity) => events(notification([alert('firing', { ...node1, severity })]))[0]?.data.severity,
    );
    expect(severities).toEqual([
      'critical',
      'critical',
      'critical',
      'warning',
      'warning',
      'info',
      'info',
      NORMALIZE_SETTINGS.defaultSeverity,
    ]);
    const { severity: _, ...unlabelled } = node1;
    expect(events(notification([alert('firing', unlabelled)]))[0]?.data.severity).toBe(NORMALIZE_SETTINGS.defaultSeverity);
  });

  it('names the rule by alertname, summarises from the annotations and links the generator', () => {
    const [event] = events(notification([alert('firing', node1)]));
    expect(event?.data.rule).toMatchObject({ name: 'NodeDown', url: 'http://prometheus.example:9090/graph?g0.expr=up' });
    expect(event?.data.summary).toBe('[FIRING critical] NodeDown: NodeDown on 10.0.0.1:9100 on 10.0.0.1:9100');
    expect(event?.data.labels).toMatchObject({
      source: 'prometheus',
      label_alertname: 'NodeDown',
      label_instance: '10.0.0.1:9100',
      label_severity: 'critical',
    });
    // Without a generator link, Alertmanager's own URL.
    const [bare] = events(notification([alert('firing', node1, { generatorURL: '' })]));
    expect(bare?.data.rule.url).toBe('http://alertmanager.example:9093');
  });

  it("keeps the notification's own fields and only this alert in raw", () => {
    const body = notification([alert('firing', node1), alert('firing', node2)]);
    const [, second] = events(body);
    const { alerts, ...top } = body;
    expect(second?.data.raw).toEqual({ ...top, alerts: [alerts[1]] });
  });

  it('says so when max_alerts truncated the notification', () => {
    const decoded = decode(notification([alert('firing', node1)], { truncatedAlerts: 3 }));
    if (decoded.outcome !== 'events') throw new Error(decoded.outcome);
    expect(decoded.notes).toEqual(['notification truncated by max_alerts: 3 more alerts were not sent']);
    expect(decoded.events[0]?.event.data.labels.truncated_alerts).toBe('3');
    expect(decoded.events[0]?.event.data.summary).toMatch(/notification truncated: 3 more alerts not sent/);
    const whole = decode(notification([alert('firing', node1)]));
    expect(whole.outcome === 'events' && whole.notes).toEqual([]);
  });

  it('answers a notification without alerts as a probe', () => {
    expect(decode(notification([])).outcome).toBe('probe');
  });
});

describe('telling the sources apart on one URL', () => {
  it('still reads Cloud Monitor bodies as before', () => {
    const decoded = decode(CLOUD_MONITOR_METRIC);
    expect(decoded.outcome === 'events' && decoded.events[0]?.event.source).toBe('tencentcloud/monitor');
  });

  it('dead-letters a Cloud Monitor body sent to /prometheus, naming where it belongs', () => {
    const decoded = decode(CLOUD_MONITOR_METRIC, { sourceName: 'prometheus' });
    expect(decoded.outcome).toBe('invalid');
    expect(decoded.outcome === 'invalid' && decoded.errors[0]).toMatch(
      /^this looks like a Tencent Cloud Monitor callback, not a Tencent Managed Service for Prometheus \(TMP\) one: send it to POST \/tencent\/monitor/,
    );
  });

  it('dead-letters a Prometheus body sent to /monitor, naming /prometheus', () => {
    const decoded = decode(notification([alert('firing', node1)]), { sourceName: 'monitor' });
    expect(decoded.outcome === 'invalid' && decoded.errors[0]).toMatch(
      /^this looks like a Tencent Managed Service for Prometheus \(TMP\) notification, not a Tencent Cloud Monitor one: send it to POST \/tencent\/prometheus/,
    );
  });

  it('sends a VMP notification that reached the tencent function to the volcengine one', () => {
    const body = vmpNotification([
      vmpAlert({ status: 'firing', alertId: 'a-1', level: 'P0', series: { instance: 'n1' }, startsAt: '2026-11-30T18:00:00+08:00' }),
    ]);
    const decoded = decode(body);
    expect(decoded.outcome === 'invalid' && decoded.errors[0]).toMatch(
      /^this looks like a Volcengine Managed Prometheus \(VMP\) notification, not a Tencent Cloud Monitor one: send it to the volcengine endpoint/,
    );
    // ...where it is the VMP source's.
    const there = decode(body, { vendor: volcengine });
    expect(there.outcome === 'events' && there.events[0]?.event.source).toBe('volcengine/vmp');
  });

  it('takes a plain Alertmanager notification on the volcengine function too (a self-built Alertmanager on VKE)', () => {
    const decoded = decode(notification([alert('firing', node1)]), { vendor: volcengine });
    expect(decoded.outcome === 'events' && decoded.events.map((e) => e.event.source)).toEqual(['volcengine/vmp']);
  });
});
