import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { volcengine } from '../../lib/vendors/volcengine/provider.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { parseSample, volcengineSeeds } from '../helpers/seeds.js';

const seeds = volcengineSeeds();
const eventFixture = readFileSync(new URL('../../lib/vendors/volcengine/samples/event.json', import.meta.url), 'utf8');
const TRACE = { 'x-volc-trace-id': '3b0e6c1e-6f6d-4a4e-9a49-2f1f0f7c9d11', 'x-volc-rule-id': '1574726******98880' };

function normalize(body: string | object, headers: Record<string, string> = TRACE): AlertEvent[] {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const decoded = decodeCallback(volcengine, Buffer.from(text), headers, NORMALIZE_SETTINGS);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${decoded.outcome}: ${JSON.stringify(decoded)}`);
  return decoded.events.map((e) => e.event);
}

function invalid(body: object): string[] {
  const decoded = decodeCallback(volcengine, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS, {
    otherVendors: registeredVendors(),
  });
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
    expect(event?.data).toMatchObject({
      kind: 'metric',
      status: 'resolved',
      endsAt: '2024-04-11T06:51:01Z',
      resource: { id: 'enas-cn04*****45d08k' },
    });
  });

  it('MetricsNoData: a firing nodata event with breaching and no-data metrics told apart', () => {
    const [event] = normalize(seeds.MetricsNoData);
    expect(event?.data).toMatchObject({
      kind: 'nodata',
      status: 'firing',
      severity: 'warning',
      resource: { name: 'cloudmonitor-test-project' },
    });
    expect(event?.data.metrics.map((m) => [m.name, m.group, m.breaching])).toEqual([
      ['Instance_CpuBusy', 'evaluated', true],
      ['CpuTotal', 'evaluated', true],
      ['NetworkPerNicOutRate', 'nodata', null],
    ]);
    expect(event?.data.resource.dimensions).toEqual({
      ResourceID: 'i-ycd1********fy01t',
      'IP.Inside': '192.168.**.**',
      'IP.Outside': '10.249.**.**',
    });
  });

  it('NoDataRecovered: "NaN" becomes a null value, the reason is kept, raw keeps "NaN"', () => {
    const [event] = normalize(seeds.NoDataRecovered);
    expect(event?.data).toMatchObject({ kind: 'nodata', status: 'resolved' });
    const dropped = event?.data.metrics.find((m) => m.group === 'dropped');
    expect(dropped).toMatchObject({ name: 'graph_hours_of_days', value: null, reason: 'float64 NaN can not encoded by JSON' });
    expect((event!.data.raw as any).NoDataRecoveredResources[0].DroppedMetrics[0].CurrentValue).toBe('NaN');
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

  it('rejects an unknown Type, and an unreadable HappenedAt when a resource has no LastAlertTime, naming the field', () => {
    expect(invalid({ ...parseSample(seeds.Metric), Type: 'Surprise' }).join()).toMatch(/^Type: /);
    const withoutLastAlertTime = parseSample(seeds.Metric);
    delete withoutLastAlertTime.Resources[0].LastAlertTime;
    expect(invalid({ ...withoutLastAlertTime, HappenedAt: 'yesterday' }).join()).toMatch(/^HappenedAt: .*no LastAlertTime/);
    // A zone-less time is not guessed at.
    expect(invalid({ ...withoutLastAlertTime, HappenedAt: '2024-04-11 14:51:01' }).join()).toMatch(/^HappenedAt: /);
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
    for (const [level, severity] of [
      ['critical', 'critical'],
      ['warning', 'warning'],
      ['notice', 'info'],
      ['Notice', 'info'],
      ['CRITICAL', 'critical'],
    ]) {
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
        event: {
          name: 'ecs:Disk:DiskError.Redeploy.Executing',
          id: '1658*****04000',
          source: 'ecs',
          description: 'Disk error-redeploy instance: executing',
        },
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

/**
 * Bodies built from ../shared/VENDOR-NOTES.md, "Seen in real deliveries": the shapes real Volcengine
 * callbacks take beyond the vendor's samples. Nothing here is a copy of a captured delivery.
 */
describe('Volcengine, as real deliveries look (VENDOR-NOTES)', () => {
  /** A Redis-style callback about one node of a multi-node instance: same Id, its own Node dimension and AlertGroupId. */
  function redisNode(node: string, list: 'Resources' | 'RecoveredResources', extraDimensions: { Name: string; Value: string }[] = []) {
    const resource = {
      Id: 'redis-cn0abcd1234',
      Name: 'orders-cache',
      Region: 'cn-beijing',
      ProjectName: 'default',
      AlertGroupId: `grp-${node}`,
      FirstAlertTime: 1767196800,
      LastAlertTime: 1767197100,
      Metrics: [
        {
          Name: 'UsedMemoryRatio',
          Unit: '%',
          Threshold: 90,
          CurrentValue: 95.5,
          Description: '内存使用率',
          DescriptionCN: '内存使用率',
          TriggerCondition: '>90%',
          Warning: true,
        },
      ],
      Dimensions: [
        { Name: 'ResourceID', NameCN: '实例ID', Value: 'redis-cn0abcd1234' },
        { Name: 'Node', NameCN: '节点', Value: `redis-cn0abcd1234-${node}-0-0` },
        ...extraDimensions,
      ],
    };
    return {
      Type: list === 'Resources' ? 'Metric' : 'MetricRecovered',
      AccountId: '21000000',
      RuleName: 'redis memory',
      RuleId: '1900000000000000001',
      Namespace: 'VCM_Redis',
      SubNamespace: 'Node',
      Level: 'warning',
      Project: 'default',
      HappenedAt: '2026-01-01 00:05:00(UTC+08:00)',
      RuleCondition: '[警告]\n内存使用率 > 90%',
      [list]: [resource],
    };
  }

  it("two nodes of one instance are two alerts; each node's recovery matches its own firing only", () => {
    const [firing000] = normalize(redisNode('000', 'Resources'));
    const [firing001] = normalize(redisNode('001', 'Resources'));
    const [recovered000] = normalize(redisNode('000', 'RecoveredResources'));
    const [recovered001] = normalize(redisNode('001', 'RecoveredResources'));
    expect(firing000?.data.fingerprint).not.toBe(firing001?.data.fingerprint);
    expect(recovered000?.data.fingerprint).toBe(firing000?.data.fingerprint);
    expect(recovered001?.data.fingerprint).toBe(firing001?.data.fingerprint);
    expect(recovered000?.data.fingerprint).not.toBe(firing001?.data.fingerprint);
    // The node is named where people read: the summary.
    expect(firing001?.data.summary).toContain('Node=redis-cn0abcd1234-001-0-0');
  });

  it('a dimension that describes state or an address does not split one alert: Status may change between firing and recovery', () => {
    const [firing] = normalize(
      redisNode('000', 'Resources', [
        { Name: 'Status', Value: '运行中' },
        { Name: 'IP.Inside', Value: '192.168.0.7' },
      ]),
    );
    const [recovered] = normalize(redisNode('000', 'RecoveredResources', [{ Name: 'Status', Value: '已停止' }]));
    expect(recovered?.data.fingerprint).toBe(firing?.data.fingerprint);
    // Both stay in the event.
    expect(firing?.data.resource.dimensions).toMatchObject({ Status: '运行中', 'IP.Inside': '192.168.0.7' });
  });

  it('a resource without a part keeps the fingerprint 0.1 gave it; one with a Node gets a new one, once', () => {
    // Printed by alerthook 0.1.0 (commit 2e53a00) for the vendor's samples: consumers that stored
    // them must find the same fingerprints for resources that name no part (MetricsNoData: ResourceID,
    // IP.Inside, IP.Outside; NoDataRecovered: ResourceID, Status).
    expect(normalize(seeds.MetricsNoData)[0]?.data.fingerprint).toBe('f04610415fb546cde8af47af603f566d');
    expect(normalize(seeds.NoDataRecovered)[0]?.data.fingerprint).toBe('af342fa865bbbc7b4988a42a5224e4b7');
    // The Metric sample names a Node: its fingerprint changes (the README says so to upgrading consumers).
    expect(normalize(seeds.Metric)[0]?.data.fingerprint).not.toBe('ab1ee8368e22bdfc268478af13de170d');
  });

  it('with one Warning: true among three metrics (MongoDB-style), only that one is breaching, named in the summary and labels', () => {
    const body = {
      Type: 'Metric',
      AccountId: '21000000',
      RuleName: 'mongo health',
      RuleId: '1900000000000000002',
      Namespace: 'VCM_MongoDB_Replica',
      SubNamespace: 'replica',
      Level: 'critical',
      HappenedAt: '2026-01-01 00:05:00+08:00',
      Resources: [
        {
          Id: 'mongo-replica-7f3e',
          Name: 'orders-db',
          Region: 'cn-shanghai',
          FirstAlertTime: 1767196800,
          LastAlertTime: 1767197100,
          Metrics: [
            { Name: 'CpuUtil', Unit: '%', Threshold: 80, CurrentValue: 97, Description: 'CPU使用率', Warning: true },
            { Name: 'MemUtil', Unit: '%', Threshold: 80, CurrentValue: 41, Description: '内存使用率' },
            { Name: 'DiskUtil', Unit: '%', Threshold: 80, CurrentValue: 12, Description: '磁盘使用率' },
          ],
          Dimensions: [
            { Name: 'ResourceID', Value: 'mongo-replica-7f3e' },
            { Name: 'Node', Value: 'mongo-replica-7f3e-0' },
          ],
        },
      ],
    };
    const [event] = normalize(body);
    expect(event?.data.metrics.map((m) => [m.name, m.breaching])).toEqual([
      ['CpuUtil', true],
      ['MemUtil', false],
      ['DiskUtil', false],
    ]);
    expect(event?.data.summary).toContain('CPU使用率 = 97%');
    expect(event?.data.summary).not.toContain('内存使用率');
    expect(event?.data.labels.metric).toBe('CpuUtil');
  });

  it("without any Warning flag (the vendor's samples) whether a metric breached is left unsaid", () => {
    const [event] = normalize(seeds.Metric);
    expect(event?.data.metrics.map((m) => m.breaching)).toEqual([null]);
    expect(event?.data.labels.metric).toBe('Nfsv3WriteLatency');
  });

  it.each([
    '2026-01-01 00:05:00+08:00',
    '2026-01-01T00:05:00+08:00',
    '2026-01-01 00:05:00(UTC+08:00)',
    '2025-12-31T16:05:00Z',
    '2025-12-31 16:05:00Z',
  ])('reads HappenedAt %s', (happenedAt) => {
    const [event] = normalize({ ...redisNode('000', 'Resources'), HappenedAt: happenedAt });
    expect(event?.time).toBe('2025-12-31T16:05:00Z');
    expect((event!.data.raw as Record<string, unknown>).HappenedAt).toBe(happenedAt);
  });

  it('an unreadable HappenedAt does not dead-letter a callback whose resources carry LastAlertTime: that time is used, the string kept in raw', () => {
    for (const happenedAt of ['yesterday', '2026-01-01 00:05:00', null]) {
      const [firing] = normalize({ ...redisNode('000', 'Resources'), HappenedAt: happenedAt });
      expect(firing?.time).toBe('2025-12-31T16:05:00Z'); // LastAlertTime 1767197100
      expect((firing!.data.raw as Record<string, unknown>).HappenedAt).toBe(happenedAt);
      const [recovered] = normalize({ ...redisNode('000', 'RecoveredResources'), HappenedAt: happenedAt });
      expect(recovered?.data.endsAt).toBe('2025-12-31T16:05:00Z');
    }
  });

  it('a Tencent body sent to the Volcengine endpoint is dead-lettered with a first reason that says so and where to send it', () => {
    const tencentBody = {
      sessionId: 'xxxxxxxx',
      alarmStatus: '1',
      alarmType: 'metric',
      alarmPolicyInfo: { policyId: 'policy-1' },
      firstOccurTime: '2026-01-01 00:00:00',
    };
    const [first, ...rest] = invalid(tencentBody);
    expect(first).toMatch(
      /^this looks like a Tencent Cloud Monitor callback, not a Volcengine CloudMonitor one: send it to the tencent endpoint \(POST \/tencent/,
    );
    expect(rest.length).toBeGreaterThan(0); // the schema's own reasons follow
    // A Volcengine body that is merely broken is not blamed on the other vendor.
    expect(invalid({ ...parseSample(seeds.Metric), Type: 'Surprise' })[0]).not.toMatch(/looks like/);
  });
});
