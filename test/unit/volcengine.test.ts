import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { volcengine } from '../../lib/vendors/volcengine/index.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { parseSample, volcengineSeeds } from '../helpers/seeds.js';

const seeds = volcengineSeeds();
const eventFixture = readFileSync(new URL('../fixtures/volcengine-event.json', import.meta.url), 'utf8');
const TRACE = { 'x-volc-trace-id': '3b0e6c1e-6f6d-4a4e-9a49-2f1f0f7c9d11', 'x-volc-rule-id': '1574726******98880' };

function normalize(body: string | object, headers: Record<string, string> = TRACE): AlertEvent[] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const decoded = decodeCallback(volcengine, Buffer.from(text), headers, NORMALIZE_SETTINGS);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${decoded.outcome}: ${JSON.stringify(decoded)}`);
  return decoded.events.map((e) => e.event);
}

function invalid(body: object): string[] {
  const decoded = decodeCallback(volcengine, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS);
  if (decoded.outcome !== 'invalid') throw new Error(`expected invalid, got ${decoded.outcome}`);
  return decoded.errors;
}

describe('Volcengine seed samples, verbatim (trailing commas, "NaN" and all)', () => {
  it('Metric: one firing metric event for the one resource', () => {
    const [event, ...rest] = normalize(seeds.Metric);
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      source: 'volcengine/cloudmonitor',
      subject: 'enas-cn04*****45d06f',
      time: '2024-04-11T06:51:01Z', // 14:51:01(UTC+08:00)
      data: {
        vendor: 'volcengine',
        kind: 'metric',
        status: 'firing',
        severity: 'critical',
        startsAt: '2022-09-28T02:38:25Z', // FirstAlertTime 1664332705
        endsAt: null,
        rule: { id: '1574726******98880', name: '测试告警策略', condition: expect.stringContaining('多指标告警') },
        resource: {
          id: 'enas-cn04*****45d06f',
          region: 'cn-north-3',
          namespace: 'VCM_FileNAS/latency',
          dimensions: { ResourceID: 'enas-cn04*****45d06f', Node: 'enas-cn04*****45d06f-pod-0' },
        },
        account: { id: '20******007' },
        metrics: [{ name: 'Nfsv3WriteLatency', unit: 'ms', threshold: 1, value: 0.0001, displayName: 'NFSv3写延时', group: 'evaluated' }],
        delivery: { traceId: TRACE['x-volc-trace-id'], headers: TRACE },
      },
    });
  });

  it('MetricRecovered: a resolved event from RecoveredResources, ending at HappenedAt', () => {
    const [event] = normalize(seeds.MetricRecovered);
    expect(event?.data).toMatchObject({ kind: 'metric', status: 'resolved', endsAt: '2024-04-11T06:51:01Z', resource: { id: 'enas-cn04*****45d08k' } });
  });

  it('MetricsNoData: a firing nodata event with breaching and no-data metrics told apart', () => {
    const [event] = normalize(seeds.MetricsNoData);
    expect(event?.data).toMatchObject({ kind: 'nodata', status: 'firing', severity: 'warning', resource: { name: 'cloudmonitor-test-project' } });
    expect(event?.data.metrics.map((m) => [m.name, m.group, m.breaching])).toEqual([
      ['Instance_CpuBusy', 'evaluated', true],
      ['CpuTotal', 'evaluated', true],
      ['NetworkPerNicOutRate', 'nodata', null],
    ]);
    expect(event?.data.resource.dimensions).toEqual({ ResourceID: 'i-ycd1********fy01t', 'IP.Inside': '192.168.**.**', 'IP.Outside': '10.249.**.**' });
  });

  it('NoDataRecovered: "NaN" becomes a null value, the reason is kept, raw keeps "NaN"', () => {
    const [event] = normalize(seeds.NoDataRecovered);
    expect(event?.data).toMatchObject({ kind: 'nodata', status: 'resolved' });
    const dropped = event?.data.metrics.find((m) => m.group === 'dropped');
    expect(dropped).toMatchObject({ name: 'graph_hours_of_days', value: null, reason: 'float64 NaN can not encoded by JSON' });
    expect((event?.data.raw as any).NoDataRecoveredResources[0].DroppedMetrics[0].CurrentValue).toBe('NaN');
  });

  it('raw holds the top-level fields plus exactly this resource', () => {
    const [event] = normalize(seeds.MetricsNoData);
    const sample = parseSample(seeds.MetricsNoData);
    const { NoDataResources, ...top } = sample;
    expect(event?.data.raw).toEqual({ ...top, NoDataResources: [NoDataResources[0]] });
  });

  it('firing and recovery of one resource share a fingerprint; ids differ', () => {
    const firing = parseSample(seeds.Metric);
    const recovered = parseSample(seeds.MetricRecovered);
    // The samples name different resources; make the recovery about the firing one, as a real pair would be.
    recovered.RecoveredResources[0].Id = firing.Resources[0].Id;
    recovered.HappenedAt = '2024-04-11 15:20:00(UTC+08:00)';
    const [a] = normalize(firing);
    const [b] = normalize(recovered);
    expect(b?.data.fingerprint).toBe(a?.data.fingerprint);
    expect(b?.id).not.toBe(a?.id);
    // As the samples stand, they are two resources: two alerts.
    expect(normalize(seeds.MetricRecovered)[0]?.data.fingerprint).not.toBe(a?.data.fingerprint);
  });
});

describe('Volcengine variants from VENDOR-NOTES', () => {
  it('a callback naming N resources yields N events with distinct ids and fingerprints', () => {
    const body = parseSample(seeds.Metric);
    const first = body.Resources[0];
    body.Resources = [0, 1, 2].map((i) => ({ ...first, Id: `enas-${i}`, Name: `enas-${i}` }));
    const events = normalize(body);
    expect(events.map((e) => e.subject)).toEqual(['enas-0', 'enas-1', 'enas-2']);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(new Set(events.map((e) => e.data.fingerprint)).size).toBe(3);
  });

  it('accepts null lists (Go senders) and lists absent altogether', () => {
    const body = parseSample(seeds.Metric);
    body.RecoveredResources = null;
    body.Resources[0].DroppedMetrics = null;
    body.Resources[0].NoDataMetrics = null;
    expect(normalize(body)).toHaveLength(1);
  });

  it('dead-letters a callback that names no resource at all', () => {
    const body = parseSample(seeds.Metric);
    body.Resources = [];
    expect(invalid(body).join()).toMatch(/names no resource/);
  });

  it('rejects an unknown Type and an unreadable HappenedAt, naming the field', () => {
    expect(invalid({ ...parseSample(seeds.Metric), Type: 'Surprise' }).join()).toMatch(/^Type: /);
    expect(invalid({ ...parseSample(seeds.Metric), HappenedAt: 'yesterday' }).join()).toMatch(/^HappenedAt: /);
    // A zone-less time is not guessed at.
    expect(invalid({ ...parseSample(seeds.Metric), HappenedAt: '2024-04-11 14:51:01' }).join()).toMatch(/^HappenedAt: /);
  });

  it('carries AlertGroupId, Project, Tags and Dimensions[].Description', () => {
    const body = parseSample(seeds.Metric);
    Object.assign(body, { AlertGroupId: 'grp-1', Project: 'prod', Tags: [{ Key: 'team', Value: 'storage' }] });
    body.Resources[0].Tags = [{ Key: 'env', Value: 'prod' }];
    const [event] = normalize(body);
    expect(event?.data.labels).toMatchObject({ alert_group_id: 'grp-1', project: 'prod', tag_team: 'storage', tag_env: 'prod' });
    expect(event?.data.account.project).toBe('prod');
  });

  it('maps levels critical / warning / notice onto critical / warning / info, case-insensitively', () => {
    for (const [level, severity] of [['critical', 'critical'], ['warning', 'warning'], ['notice', 'info'], ['Notice', 'info'], ['CRITICAL', 'critical']]) {
      expect(normalize({ ...parseSample(seeds.Metric), Level: level })[0]?.data.severity).toBe(severity);
    }
  });

  it('retries carry the same x-volc-trace-id and give the same id', () => {
    const [a] = normalize(seeds.Metric);
    const [b] = normalize(seeds.Metric);
    expect(b?.id).toBe(a?.id);
    expect(b).toEqual(a);
  });
});

describe('Volcengine event-rule callbacks', () => {
  it('normalizes the documented event body: resource from Details, most severe rule leads', () => {
    const [event] = normalize(eventFixture, { 'x-volc-trace-id': 't-1', 'x-volc-event-id': '1658*****04000' });
    expect(event).toMatchObject({
      subject: 'i-3tiefmkskq3vj0example',
      time: '2022-09-28T02:38:25Z',
      data: {
        kind: 'event',
        status: 'firing',
        severity: 'warning', // rules at notice and Warning
        rule: { id: '1574**********8881', name: 'Test event alarm 2' },
        resource: { id: 'i-3tiefmkskq3vj0example', region: 'cn-guangzhou', namespace: 'ecs', name: expect.stringContaining('trn:ecs:') },
        account: { id: '21*****53', project: 'default' },
        event: { name: 'ecs:Disk:DiskError.Redeploy.Executing', id: '1658*****04000', source: 'ecs', description: 'Disk error-redeploy instance: executing' },
        delivery: { traceId: 't-1', headers: { 'x-volc-event-id': '1658*****04000' } },
      },
    });
    expect(event?.data.labels.rule_ids).toBe('1574**********8880,1574**********8881');
  });

  it('accepts Details as a string holding JSON, as one doc page types it', () => {
    const body = JSON.parse(eventFixture);
    const asObject = normalize(body)[0];
    body.Details = JSON.stringify(body.Details);
    const asString = normalize(body)[0];
    expect(asString?.data.event?.details).toEqual(asObject?.data.event?.details);
    expect(asString?.subject).toBe('i-3tiefmkskq3vj0example');
  });

  it('accepts HappenedAt as digits in a string, and falls back to volcresourcename when subject is empty', () => {
    const body = JSON.parse(eventFixture);
    body.HappenedAt = '1664332705';
    body.Details.subject = '';
    const [event] = normalize(body);
    expect(event?.time).toBe('2022-09-28T02:38:25Z');
    expect(event?.subject).toBe('i-3tiefmkskq3vj0example');
  });

  it('an event with no rules gets the default severity', () => {
    const body = JSON.parse(eventFixture);
    body.Rules = null;
    expect(normalize(body)[0]?.data.severity).toBe('warning');
  });
});
