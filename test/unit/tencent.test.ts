import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { AlertEventSchema, type AlertEvent } from '../../lib/event/alert-event.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { parseSample, stripDocAnnotations, tencentSeeds } from '../helpers/seeds.js';

const seeds = tencentSeeds();

function normalize(body: string | object, settings = NORMALIZE_SETTINGS): AlertEvent[] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const decoded = decodeCallback(tencent, Buffer.from(text), {}, settings);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${decoded.outcome}: ${JSON.stringify(decoded)}`);
  return decoded.events.map((e) => e.event);
}

function one(body: string | object, settings = NORMALIZE_SETTINGS): AlertEvent {
  const events = normalize(body, settings);
  expect(events).toHaveLength(1);
  return events[0] as AlertEvent;
}

const metricSample = () => parseSample(stripDocAnnotations(seeds.metric));
const eventSample = () => parseSample(stripDocAnnotations(seeds.event));

describe('Tencent seed samples', () => {
  it('rejects the documented samples verbatim, because their // annotations are not JSON', () => {
    for (const body of [seeds.metric, seeds.event]) {
      const decoded = decodeCallback(tencent, Buffer.from(body), {}, NORMALIZE_SETTINGS);
      expect(decoded.outcome).toBe('invalid');
      if (decoded.outcome === 'invalid') expect(decoded.errors[0]).toMatch(/not valid JSON/);
    }
  });

  it('normalizes the metric alarm sample (annotations removed) field by field', () => {
    const event = one(stripDocAnnotations(seeds.metric));
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'tencentcloud/monitor',
      type: 'alerthook.alert.v1',
      subject: 'ins-o9p3rg3m',
      datacontenttype: 'application/json',
      // firstOccurTime 07:00:00 Beijing + durationTime 500 s
      time: '2017-03-08T23:08:20Z',
    });
    expect(event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(event.data).toMatchObject({
      vendor: 'tencent',
      kind: 'metric',
      status: 'firing',
      severity: 'warning', // no alertId level: the configured default
      startsAt: '2017-03-08T23:00:00Z',
      endsAt: null,
      rule: {
        id: 'policy-n4exeh88',
        name: 'test',
        type: 'cvm_device',
        typeName: '云服务器-基础监控',
        notifyType: 'continuousAlarm',
        notifyPeriodSeconds: 300,
      },
      resource: {
        id: 'ins-o9p3rg3m',
        region: 'gz',
        namespace: 'qce/cvm',
        dimensions: { unInstanceId: 'ins-o9p3rg3m', objId: 'xxxxxxxxxxxx' },
      },
      metrics: [
        {
          name: 'cpu_usage',
          displayName: 'CPU 利用率',
          operator: '>',
          threshold: 90,
          value: 100,
          unit: '%',
          periodSeconds: 60,
          periods: 1,
          group: 'evaluated',
        },
      ],
      event: null,
    });
    expect(event.data.summary).toContain('CPU 利用率 > 90%');
    expect(event.data.summary).toContain('ins-o9p3rg3m');
    expect(event.data.raw).toEqual(metricSample());
  });

  it('normalizes the event alarm sample with its object details flattened into dimensions', () => {
    const event = one(stripDocAnnotations(seeds.event));
    expect(event.data).toMatchObject({
      kind: 'event',
      status: 'firing',
      startsAt: '2018-06-15T08:32:06Z',
      // singleAlarm does not repeat: no period, whatever number it sends (VENDOR-NOTES, real deliveries).
      rule: { id: 'policy-n4exeh88', name: 'teset', condition: 'ping不可达', notifyType: 'singleAlarm', notifyPeriodSeconds: null },
      event: { name: 'ping_unreachable', displayName: 'ping不可达', source: 'cvm' },
      resource: {
        id: 'ins-pftdvqa2',
        region: 'gz',
        namespace: null,
        dimensions: { unInstanceId: 'ins-pftdvqa2', 'objDetail.deviceLanIp': '172.21.0.17', 'objDetail.uniqVpcId': 'vpc-ilrwkcbw' },
      },
      metrics: [],
    });
    // No durationTime on event alarms: the notification time is the first occurrence.
    expect(event.time).toBe('2018-06-15T08:32:06Z');
  });

  // Each documented `dimensions` shape, put into the sample of its kind, names its instance.
  // Keyed by a value only that snippet has; snippets with placeholder ids ("xxx") are checked for a non-null id.
  const expectedResourceId: Record<string, string> = {
    'ins-xxxxxxxx': 'ins-xxxxxxxx',
    '118.25.31.161#443#https': '118.25.31.161#443#https', // a listener has no instance id: Tencent's objId
    'dcx-jizf8heu': 'dcx-jizf8heu',
    'dcg-8wo1p2ve': 'dcg-8wo1p2ve',
    'ins-pftdvqa2': 'ins-pftdvqa2',
    'cdb-bwieva60': 'cdb-bwieva60',
    'pcx-142mpvfc': 'pcx-142mpvfc',
    'vpngw-i0s10nr1': 'vpngw-i0s10nr1',
    'clb-test': 'clb-test',
    'dc-j0cp3tgr': 'dc-j0cp3tgr',
    'dcx-881ekns2': 'dcx-881ekns2',
  };
  for (const sample of seeds.dimensions) {
    it(`accepts the ${sample.kind} dimensions of ${sample.product}`, () => {
      const base = sample.kind === 'metric' ? metricSample() : eventSample();
      const dimensions = parseSample(`{${stripDocAnnotations(sample.snippet)}}`).dimensions as Record<string, unknown>;
      base.alarmObjInfo.dimensions = dimensions;
      const event = one(base);
      const flat = event.data.resource.dimensions;
      for (const [key, value] of Object.entries(dimensions)) {
        if (value !== null && typeof value === 'object') {
          for (const [inner, innerValue] of Object.entries(value)) expect(flat[`${key}.${inner}`]).toBe(String(innerValue));
        } else {
          expect(flat[key]).toBe(String(value));
        }
      }
      const known = Object.keys(expectedResourceId).find((marker) => sample.snippet.includes(`"${marker}"`));
      if (known !== undefined) expect(event.data.resource.id).toBe(expectedResourceId[known]);
      else expect(event.data.resource.id).toEqual(expect.any(String));
      expect(event.subject).toBe(event.data.resource.id);
    });
  }
  it('found every dimensions snippet of the document', () => {
    expect(seeds.dimensions.filter((d) => d.kind === 'metric')).toHaveLength(20);
    expect(seeds.dimensions.filter((d) => d.kind === 'event')).toHaveLength(7);
  });
});

describe('Tencent variants from VENDOR-NOTES', () => {
  it('reads alarmStatus as "1", 1, "0" or 0 and rejects anything else', () => {
    for (const [status, expected] of [
      ['1', 'firing'],
      [1, 'firing'],
      ['0', 'resolved'],
      [0, 'resolved'],
    ] as const) {
      expect(one({ ...metricSample(), alarmStatus: status }).data.status).toBe(expected);
    }
    const decoded = decodeCallback(tencent, Buffer.from(JSON.stringify({ ...metricSample(), alarmStatus: '2' })), {}, NORMALIZE_SETTINGS);
    expect(decoded.outcome).toBe('invalid');
    if (decoded.outcome === 'invalid') expect(decoded.errors.join()).toMatch(/^alarmStatus: expected 1 \(alarm\) or 0/);
  });

  it('reads durationTime as a number or a string', () => {
    expect(one({ ...metricSample(), durationTime: '500' }).time).toBe(one(metricSample()).time);
  });

  it('keeps the notification time an RFC 3339 time when durationTime is absurd: negative, or past year 9999 (found by the 100,000-body fuzz)', () => {
    const firstOccur = one({ ...metricSample(), durationTime: 0 }).time;
    for (const durationTime of [251913286800, -251913286800, -1, 1e300]) {
      const event = one({ ...metricSample(), durationTime });
      expect(event.time, String(durationTime)).toBe(firstOccur);
      expect(AlertEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it('refuses a first occurrence that is no RFC 3339 time in UTC (year 9999 read west of Greenwich)', () => {
    const decoded = decodeCallback(
      tencent,
      Buffer.from(JSON.stringify({ ...metricSample(), firstOccurTime: '9999-12-31 23:00:00' })),
      {},
      { ...NORMALIZE_SETTINGS, vendors: { ...NORMALIZE_SETTINGS.vendors, tencent: { utcOffsetMinutes: -300 } } },
    );
    expect(decoded.outcome).toBe('invalid');
  });

  it('reads a recovery: recoverTime becomes endsAt and the notification time', () => {
    const recovered = one({ ...metricSample(), alarmStatus: '0', durationTime: 900, recoverTime: '2017-03-09 07:15:00' });
    expect(recovered.data.status).toBe('resolved');
    expect(recovered.data.endsAt).toBe('2017-03-08T23:15:00Z');
    expect(recovered.time).toBe('2017-03-08T23:15:00Z');
    expect(recovered.data.startsAt).toBe('2017-03-08T23:00:00Z');
  });

  it('rejects a recoverTime that is neither "0" nor a time', () => {
    const decoded = decodeCallback(
      tencent,
      Buffer.from(JSON.stringify({ ...metricSample(), recoverTime: 'soon' })),
      {},
      NORMALIZE_SETTINGS,
    );
    expect(decoded.outcome).toBe('invalid');
  });

  it('gives firing, repeat and recovery of one alert one fingerprint and three ids', () => {
    const firing = one(metricSample());
    const repeat = one({ ...metricSample(), durationTime: 800 });
    const recovery = one({ ...metricSample(), alarmStatus: 0, durationTime: 900, recoverTime: '2017-03-09 07:15:00' });
    expect(new Set([firing.data.fingerprint, repeat.data.fingerprint, recovery.data.fingerprint]).size).toBe(1);
    expect(new Set([firing.id, repeat.id, recovery.id]).size).toBe(3);
  });

  it('gives another resource or another policy another fingerprint', () => {
    const base = one(metricSample());
    const otherResource = metricSample();
    otherResource.alarmObjInfo.dimensions = { unInstanceId: 'ins-other', objId: 'other' };
    const otherPolicy = metricSample();
    otherPolicy.alarmPolicyInfo.policyId = 'policy-other';
    expect(one(otherResource).data.fingerprint).not.toBe(base.data.fingerprint);
    expect(one(otherPolicy).data.fingerprint).not.toBe(base.data.fingerprint);
  });

  it('maps alertId levels to severity and keeps each level a separate alert', () => {
    const level = (suffix: string) => one({ ...metricSample(), alertId: `xxxxxxxx${suffix}` });
    expect(level('_Serious').data.severity).toBe('critical');
    expect(level('_Warn').data.severity).toBe('warning');
    expect(level('_Remind').data.severity).toBe('info');
    expect(level('').data.severity).toBe('warning');
    expect(level('_Serious').data.labels.level).toBe('Serious');
    expect(level('_Serious').data.fingerprint).not.toBe(level('_Warn').data.fingerprint);
  });

  it('uses the configured default severity where no level is given', () => {
    expect(one(metricSample(), { ...NORMALIZE_SETTINGS, defaultSeverity: 'critical' }).data.severity).toBe('critical');
  });

  it('accepts alarmNotifyPeriod as "" and numeric dimensions (vport, vpcId, appid)', () => {
    const body = metricSample();
    body.alarmPolicyInfo.conditions.alarmNotifyPeriod = '';
    body.alarmObjInfo.dimensions = { vip: '118.25.31.161', vport: 443, vpcId: 123, appid: 12345, objId: 'x' };
    const event = one(body);
    expect(event.data.rule.notifyPeriodSeconds).toBeNull();
    expect(event.data.resource.dimensions).toMatchObject({ vport: '443', vpcId: '123', appid: '12345' });
  });

  it('carries appId, uin, calcUnit and historyValue', () => {
    const body = metricSample();
    Object.assign(body.alarmObjInfo, { appId: 1250000000, uin: '100000000001' });
    Object.assign(body.alarmPolicyInfo.conditions, { calcUnit: '%', historyValue: '95' });
    const event = one(body);
    expect(event.data.account.id).toBe('1250000000');
    expect(event.data.labels.uin).toBe('100000000001');
    expect((event.data.raw as any).alarmPolicyInfo.conditions.historyValue).toBe('95');
  });

  it('accepts an event alarm without policyId, with additionalMsg and deviceName', () => {
    const body = eventSample();
    delete body.alarmPolicyInfo.policyId;
    body.additionalMsg = [
      { key: 'alarmReason', value: 'disk full' },
      { key: 'count', value: 3 },
    ];
    body.alarmObjInfo.dimensions = { deviceName: 'production-db-0', objDetail: { IP: '10.80.17.217' }, unInstanceId: 'cdb-bwieva60' };
    const event = one(body);
    expect(event.data.rule.id).toBeNull();
    expect(event.data.event?.details).toEqual({ alarmReason: 'disk full', count: 3 });
    expect(event.data.resource).toMatchObject({ id: 'cdb-bwieva60', name: 'production-db-0' });
    expect(event.data.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps fields Tencent adds later, in raw', () => {
    const body = { ...metricSample(), brandNewField: { nested: [1, 2] } };
    expect((one(body).data.raw as any).brandNewField).toEqual({ nested: [1, 2] });
  });

  it('reads zone-less times at the configured offset', () => {
    const utc = one(metricSample(), {
      ...NORMALIZE_SETTINGS,
      vendors: { ...NORMALIZE_SETTINGS.vendors, tencent: { utcOffsetMinutes: 0 } },
    });
    expect(utc.data.startsAt).toBe('2017-03-09T07:00:00Z');
  });

  it('rejects a body missing what the normalizer relies on, naming the field', () => {
    const body = metricSample();
    delete body.firstOccurTime;
    const decoded = decodeCallback(tencent, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS);
    expect(decoded.outcome).toBe('invalid');
    if (decoded.outcome === 'invalid') expect(decoded.errors.some((e) => e.startsWith('firstOccurTime:'))).toBe(true);
  });

  it('treats a sessionId-only body as the URL check', () => {
    expect(decodeCallback(tencent, Buffer.from('{"sessionId":"abc"}'), {}, NORMALIZE_SETTINGS).outcome).toBe('probe');
    expect(tencent.acknowledgement({ sessionId: 'abc' })).toEqual({ sessionId: 'abc', retCode: 0 });
  });
});

/**
 * Bodies built from ../shared/VENDOR-NOTES.md, "Seen in real deliveries": what real Tencent
 * callbacks do beyond the documented samples. Nothing here is a copy of a captured delivery.
 */
describe('Tencent, as real deliveries look (VENDOR-NOTES)', () => {
  it('a recovery with recoverTime "0" still ends: at firstOccurTime + durationTime', () => {
    const recovery = one({ ...metricSample(), alarmStatus: '0', recoverTime: '0', durationTime: 900 });
    expect(recovery.data.status).toBe('resolved');
    expect(recovery.data.endsAt).toBe('2017-03-08T23:15:00Z'); // 07:00:00 (UTC+8) + 900 s
    expect(recovery.time).toBe(recovery.data.endsAt);
  });

  it('a recovery with recoverTime "0" and durationTime 0 (metric and event alarms alike) ends at the first occurrence', () => {
    for (const base of [metricSample(), eventSample()]) {
      const recovery = one({ ...base, alarmStatus: '0', recoverTime: '0', durationTime: 0 });
      expect(recovery.data.endsAt).toBe(recovery.data.startsAt);
    }
  });

  it('a resolved alert always has an end and a firing one never does, whatever recoverTime and durationTime say', () => {
    fc.assert(
      fc.property(
        // Recovery times after both samples' first occurrence, as real recoveries are.
        fc.constantFrom('0', 0, '', null, undefined, '2019-01-01 07:15:00'),
        fc.oneof(fc.constant(undefined), fc.nat({ max: 10 ** 6 }), fc.nat({ max: 10 ** 6 }).map(String)),
        fc.constantFrom('0', 0, '1', 1),
        fc.boolean(),
        (recoverTime, durationTime, alarmStatus, eventAlarm) => {
          const body: Record<string, unknown> = {
            ...(eventAlarm ? eventSample() : metricSample()),
            alarmStatus,
            recoverTime,
            durationTime,
          };
          if (recoverTime === undefined) delete body.recoverTime;
          if (durationTime === undefined) delete body.durationTime;
          const event = one(body);
          if (event.data.status === 'resolved') {
            expect(event.data.endsAt).not.toBeNull();
            expect(Date.parse(event.data.endsAt as string)).toBeGreaterThanOrEqual(Date.parse(event.data.startsAt));
          } else {
            expect(event.data.endsAt).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('singleAlarm has no repeat period; continuousAlarm and exponentialAlarm periods are seconds; raw keeps the number sent', () => {
    for (const [notifyType, period, expected] of [
      ['singleAlarm', 3, null],
      ['singleAlarm', 1, null],
      ['continuousAlarm', 300, 300],
      ['exponentialAlarm', 86400, 86400],
    ] as const) {
      const body = metricSample();
      Object.assign(body.alarmPolicyInfo.conditions, { alarmNotifyType: notifyType, alarmNotifyPeriod: period });
      const event = one(body);
      expect(event.data.rule).toMatchObject({ notifyType, notifyPeriodSeconds: expected });
      expect((event.data.raw as any).alarmPolicyInfo.conditions.alarmNotifyPeriod).toBe(period);
    }
  });

  it('names a CVM by its deviceName, not objName "IP#appid"; both stay in dimensions', () => {
    const body = metricSample();
    body.alarmObjInfo.dimensions = {
      unInstanceId: 'ins-9bcd1234',
      objId: 'b5e3c7a0-8d1f-4c6a-9e2b-1f3d5c7e9a0b',
      objName: '10.0.0.12#1250000000',
      deviceName: 'web-frontend-3',
    };
    const event = one(body);
    expect(event.data.resource).toMatchObject({ id: 'ins-9bcd1234', name: 'web-frontend-3' });
    expect(event.data.resource.dimensions).toMatchObject({ objName: '10.0.0.12#1250000000', deviceName: 'web-frontend-3' });
    // Without a deviceName, objName is the name.
    delete body.alarmObjInfo.dimensions.deviceName;
    expect(one(body).data.resource.name).toBe('10.0.0.12#1250000000');
  });

  it('a Volcengine body sent to the Tencent endpoint is dead-lettered with a first reason that says so and where to send it', () => {
    const volcengineBody = {
      Type: 'Metric',
      RuleId: '1900000000000000001',
      HappenedAt: '2026-01-01 00:05:00+08:00',
      Resources: [{ Id: 'i-1' }],
    };
    for (const headers of [{}, { 'x-volc-trace-id': 't-1' }]) {
      const decoded = decodeCallback(tencent, Buffer.from(JSON.stringify(volcengineBody)), headers, NORMALIZE_SETTINGS, {
        otherVendors: registeredVendors(),
      });
      expect(decoded.outcome).toBe('invalid');
      if (decoded.outcome === 'invalid')
        expect(decoded.errors[0]).toMatch(
          /^this looks like a Volcengine CloudMonitor callback, not a Tencent Cloud Monitor one: send it to the volcengine endpoint \(POST \/volcengine/,
        );
    }
  });
});

describe('Tencent policyDetailURL (newer bodies, VENDOR-NOTES)', () => {
  it('becomes rule.url when it is an http(s) link, and stays only in raw otherwise', () => {
    const link = 'https://console.cloud.tencent.com/monitor/alarm/policy/detail/policy-n4exeh88';
    expect(one({ ...metricSample(), policyDetailURL: link }).data.rule.url).toBe(link);
    for (const value of ['javascript:alert(1)', '', 42, null]) {
      const event = one({ ...metricSample(), policyDetailURL: value });
      expect(event.data.rule).not.toHaveProperty('url');
      expect((event.data.raw as Record<string, unknown>).policyDetailURL).toBe(value);
    }
    expect(one(metricSample()).data.rule).not.toHaveProperty('url');
  });
});
