import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertEvent, type AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback, type DecodedCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';

// CLS alarm notifications (../shared/ALERT-SOURCES.md §4). The sample is alerthook's template as Go's
// text/template rendered it (lib/vendors/tencent/cls/samples/README.md); the variations below change
// one rendered value, as a different variable would. The facts: NotifyType 1 alarm / 2 recovery;
// RecordGroupId the same from trigger to recovery; StartTimeUnix/NotifyTimeUnix in Unix ms, the
// strings in Asia/Shanghai; levels 0 Warn, 1 Info, 2 Critical.

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const SAMPLE = read('../../lib/vendors/tencent/cls/samples/alarm.json');
const V1 = read('../fixtures/log-alarms/cls-v1-body.json');
const MONITOR = read('../../lib/vendors/tencent/samples/metric.json');
const RECEIVED = new Date('2026-12-01T08:00:00Z');

function decode(body: unknown, sourceName?: string): DecodedCallback {
  return decodeCallback(tencent, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS, {
    otherVendors: registeredVendors(),
    receivedAt: RECEIVED,
    sourceName,
  });
}

function event(body: unknown, sourceName?: string): AlertEvent {
  const decoded = decode(body, sourceName);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(decoded)}`);
  expect(decoded.events).toHaveLength(1);
  return parseAlertEvent(JSON.parse((decoded.events[0] as { json: string }).json));
}

const recovery = { ...SAMPLE, NotifyType: '2', NotifyTime: '2022-05-30 15:05:35', NotifyTimeUnix: '1653894335008', Duration: '15' };

describe('Tencent CLS log alarms', () => {
  it('reads the rendered template on the one URL, by shape, as a CLS alarm event', () => {
    const e = event(SAMPLE);
    expect(e.source).toBe('tencentcloud/cls');
    expect(e.data).toMatchObject({
      vendor: 'tencent',
      kind: 'event',
      status: 'firing',
      severity: 'critical',
      startsAt: '2022-05-30T06:50:35.008Z',
      endsAt: null,
      rule: { id: 'alarm-2b1f3c4d-0000-4000-8000-00000000cafe', name: 'nginx 5xx "burst"', condition: '$1.errorLogCount > 3' },
      resource: { id: '7f0c1d2e-0000-4000-8000-000000000042', name: 'nginx-access', region: '广州' },
      account: { id: '100000000001' },
      event: { id: '5c1f7a6e-2a44-4d4b-8c1e-00000000abcd', description: 'see the runbook: C:\\ops\\nginx <5xx>' },
    });
    expect(e.time).toBe('2022-05-30T06:50:35.008Z');
    expect(e.data.labels).toMatchObject({ source: 'cls', template_version: '1' });
    expect(e.data.rule.url).toBe('https://alarm.cls.tencentcs.com/AbCdEf12');
    const details = e.data.event?.details as Record<string, unknown>;
    expect(details.executeQuery).toEqual(['status:>=500 | select count(*) as errorLogCount']);
    expect(details.queryResult).toEqual([[{ errorLogCount: '5' }]]);
    expect((details.queryLog as { content: Record<string, string> }[][])[0]?.[0]?.content.request).toBe('GET /pay?x="1"\n');
    expect(e.data.raw).toEqual(SAMPLE);
  });

  it('is the same event by /cls as by shape', () => {
    expect(event(SAMPLE, 'cls')).toEqual(event(SAMPLE));
  });

  it('pairs a recovery with its trigger (RecordGroupId), and ends it when the recovery was sent', () => {
    const fired = event(SAMPLE);
    const recovered = event(recovery);
    expect(recovered.data.status).toBe('resolved');
    expect(recovered.data.endsAt).toBe('2022-05-30T07:05:35.008Z');
    expect(recovered.data.fingerprint).toBe(fired.data.fingerprint);
    expect(recovered.id).not.toBe(fired.id);
  });

  it('tells two groups of one policy apart, and one group id under two policies', () => {
    const fired = event(SAMPLE);
    expect(event({ ...SAMPLE, RecordGroupId: 'another-group' }).data.fingerprint).not.toBe(fired.data.fingerprint);
    expect(event({ ...SAMPLE, AlarmID: 'alarm-another' }).data.fingerprint).not.toBe(fired.data.fingerprint);
  });

  it('reads the level (0 Warn, 1 Info, 2 Critical), and gives the default where the template printed none', () => {
    expect(event({ ...SAMPLE, Level: '0' }).data.severity).toBe('warning');
    expect(event({ ...SAMPLE, Level: '1' }).data.severity).toBe('info');
    expect(event({ ...SAMPLE, Level: '<no value>' }).data.severity).toBe(NORMALIZE_SETTINGS.defaultSeverity);
  });

  it('reads the Asia/Shanghai strings when the Unix times are missing', () => {
    const e = event({ ...SAMPLE, StartTimeUnix: '<no value>', NotifyTimeUnix: '' });
    expect(e.data.startsAt).toBe('2022-05-30T06:50:35Z');
    expect(e.time).toBe('2022-05-30T06:50:35Z');
  });

  it('still reads a body from version 1 of the template, and says which version rendered it', () => {
    expect(event(V1).data.labels.template_version).toBe('1');
  });

  it("reads a user's own JSON keyed by CLS's variable names, the 2021 legacy names included", () => {
    const own = {
      NotifyType: 2,
      AlarmName: 'legacy alarm',
      AlarmID: 'alarm-1',
      RecordGroupId: 'g-1',
      TopicName: 'app',
      TriggerTime: '2021-06-01 08:00:00',
    };
    const e = event(own);
    expect(e.data).toMatchObject({
      status: 'resolved',
      rule: { name: 'legacy alarm' },
      resource: { name: 'app' },
      endsAt: '2021-06-01T00:00:00Z',
    });
    expect(e.data.labels.template_version).toBeUndefined();
  });

  it('dead-letters a body that is not JSON (a default or text template) on /cls pointing to alerthook template cls', () => {
    const text = '【告警】nginx 5xx: 3 > 1';
    const decoded = decodeCallback(tencent, Buffer.from(text), {}, NORMALIZE_SETTINGS, { sourceName: 'cls', receivedAt: RECEIVED });
    expect(decoded.outcome === 'invalid' && decoded.errors).toEqual([
      expect.stringContaining('body is not valid JSON'),
      expect.stringContaining('alerthook template cls'),
    ]);
  });

  it('dead-letters a body it cannot read with a reason that points to alerthook template cls', () => {
    const decoded = decode({ text: 'an alarm fired' }, 'cls');
    expect(decoded.outcome).toBe('invalid');
    expect(decoded.outcome === 'invalid' && decoded.errors[0]).toContain('alerthook template cls');
    const wrongVersion = decode({ ...SAMPLE, NotifyType: 'alarm' });
    expect(wrongVersion.outcome === 'invalid' && wrongVersion.errors[0]).toContain("alerthook's cls/1 template");
  });

  it('leaves Cloud Monitor callbacks to Cloud Monitor', () => {
    const decoded = decode(MONITOR);
    expect(decoded.outcome === 'events' && decoded.source.name).toBe('monitor');
  });
});
