import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lib/event/alert-event.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { tencent } from '../../lib/vendors/tencent/provider.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';

// ../shared/VENDOR-NOTES.md, "More seen in public receivers (second look)": each case is one fact,
// applied to the vendor's documented metric sample (lib/vendors/tencent/samples/metric.json).

const metric = () => JSON.parse(readFileSync(new URL('../../lib/vendors/tencent/samples/metric.json', import.meta.url), 'utf8'));

function decode(body: object) {
  return decodeCallback(tencent, Buffer.from(JSON.stringify(body)), {}, NORMALIZE_SETTINGS, { otherVendors: registeredVendors() });
}

function one(body: object): AlertEvent {
  const decoded = decode(body);
  if (decoded.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(decoded)}`);
  expect(decoded.events).toHaveLength(1);
  return decoded.events[0]?.event as AlertEvent;
}

function withDimensions(dimensions: Record<string, string>, namespace: string) {
  const body = metric();
  body.alarmObjInfo.namespace = namespace;
  body.alarmObjInfo.dimensions = dimensions;
  return body;
}

describe('Tencent Cloud Monitor, from a second look at public receivers', () => {
  it('names the instance per product: CKafka instance_id, CLS grpid, ids packed into objName, a TKE cluster inside objId', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['qce/ckafka', { instance_id: 'ckafka-2f7a9c1d', topic: 'orders' }, 'ckafka-2f7a9c1d'],
      [
        'qce/cls',
        { grpid: 'c3a7e1f0-5b2d-4e8a-9f61-0d2c4b6a8e13', objName: 'c3a7e1f0-5b2d-4e8a-9f61-0d2c4b6a8e13#topic-a' },
        'c3a7e1f0-5b2d-4e8a-9f61-0d2c4b6a8e13',
      ],
      [
        'qce/postgres',
        { objId: '7b1e3c5d-9f2a-4b6c-8d0e-1f3a5c7e9b2d', objName: 'InstanceName:orders-db|InstanceId:postgres-1a2b3c4d|Vip:10.0.0.5' },
        'postgres-1a2b3c4d',
      ],
      ['qce/lb_public', { objId: '4d6f8a0c-2e4b-4d6f-8a0c-2e4b6d8f0a1c', objName: 'Name:lb-9x8y7z6w|VIP:203.0.113.7' }, 'lb-9x8y7z6w'],
      ['qce/tke2', { objId: '1250000000#cls-ab12cd34#ap-guangzhou' }, 'cls-ab12cd34'],
      ['qce/redis_mem', { objId: 'crs-5e7g9i1k' }, 'crs-5e7g9i1k'],
    ];
    expect(cases.map(([namespace, dimensions]) => one(withDimensions(dimensions, namespace)).data.resource.id)).toEqual(
      cases.map(([, , id]) => id),
    );
  });

  it('reads unit "None" as no unit', () => {
    const body = metric();
    body.alarmPolicyInfo.conditions.unit = 'None';
    const event = one(body);
    expect(event.data.metrics[0]?.unit).toBeNull();
    expect(event.data.summary).not.toContain('None');
  });

  it('takes integer alarmStatus, numeric recoverTime 0, a numeric calcValue and a string durationTime', () => {
    const body = metric();
    Object.assign(body, { alarmStatus: 1, recoverTime: 0, durationTime: '600' });
    body.alarmPolicyInfo.conditions.calcValue = 90;
    const firing = one(body);
    expect(firing.data).toMatchObject({ status: 'firing', endsAt: null, metrics: [expect.objectContaining({ threshold: 90 })] });
    const recovered = one({ ...body, alarmStatus: 0 });
    // A recovery with recoverTime 0 ends when it was sent: firstOccurTime + durationTime.
    expect(recovered.data.status).toBe('resolved');
    expect(Date.parse(recovered.data.endsAt as string) - Date.parse(recovered.data.startsAt)).toBe(600_000);
  });

  it('dead-letters a body rendered from a custom content template, naming the cause and the fix', () => {
    const decoded = decode({
      policy_name: 'cpu-high',
      object: 'InstanceId:ins-1a2b3c4d|IP:10.0.0.12',
      status: 'Trigger',
      content: 'CPU 利用率 > 90%',
      first_occur_time: '2026-11-30 10:00:00 (UTC+08:00)',
    });
    expect(decoded.outcome).toBe('invalid');
    const [first] = decoded.outcome === 'invalid' ? decoded.errors : [];
    expect(first).toMatch(
      /^this looks like a body rendered from a custom notification content template \(通知内容模板: policy_name, object, content, first_occur_time, status "Trigger"\)/,
    );
    expect(first).toMatch(/bind the policy's 接口回调 to the preset content/);
    // Any other non-callback body keeps the schema's reasons first.
    const other = decode({ hello: 'world' });
    expect(other.outcome === 'invalid' && other.errors[0]).not.toMatch(/content template/);
  });
});
