import { describe, expect, it } from 'vitest';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendor } from '../../lib/vendors/registry.js';
import { parseSample, stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

// The vendors' own sample bodies (../shared/seeds), each broken in one field, through the real
// schemas as a delivery is decoded: the reasons a dead letter keeps.
async function reasons(vendor: 'tencent' | 'volcengine', body: unknown): Promise<string[]> {
  const provider = await (registeredVendor(vendor) as NonNullable<ReturnType<typeof registeredVendor>>).load();
  const decoded = decodeCallback(provider, Buffer.from(JSON.stringify(body)), {}, { defaultSeverity: 'warning', vendors: {} });
  if (decoded.outcome !== 'invalid') throw new Error(`expected invalid, got ${decoded.outcome}`);
  return decoded.errors;
}
const tencent = () => parseSample(stripDocAnnotations(tencentSeeds().metric));
const volcengine = () => parseSample(volcengineSeeds().Metric);

describe('why a body fails its schema: field, expected, and what came', () => {
  it('a wrong type names both types, and the value of a short scalar', async () => {
    expect(await reasons('tencent', { ...tencent(), alarmObjInfo: 5 })).toEqual(['alarmObjInfo: expected object, got number 5']);
    expect(await reasons('volcengine', { ...volcengine(), Resources: 'none' })).toEqual(['Resources: expected array, got string "none"']);
  });

  it('a wrong discriminator lists the values there are (not zod\'s "Invalid discriminator value")', async () => {
    expect(await reasons('volcengine', { ...volcengine(), Type: 'Metrics' })).toEqual([
      'Type: expected one of "Metric", "MetricRecovered", "MetricsNoData", "NoDataRecovered", "Event", got string "Metrics"',
    ]);
  });

  it('a union of drift types names each type it takes (not "Invalid input")', async () => {
    expect(await reasons('volcengine', { ...volcengine(), RuleId: { id: 1 } })).toEqual([
      'RuleId: expected string, number or boolean, got object',
    ]);
  });

  it('a missing field says it is missing', async () => {
    const { alarmPolicyInfo: _, ...body } = tencent();
    expect(await reasons('tencent', body)).toEqual(['alarmPolicyInfo: expected object, got nothing (missing)']);
  });

  it("a check of the schema's own keeps its wording and adds what came", async () => {
    expect(await reasons('tencent', { ...tencent(), alarmStatus: 7 })).toEqual([
      'alarmStatus: expected 1 (alarm) or 0 (recovered), got number 7',
    ]);
  });

  it('never quotes a long string, which may be a secret or personal data: only its type and length', async () => {
    const secretish = 'sk-0123456789abcdefghijklmnop';
    const errors = await reasons('tencent', { ...tencent(), firstOccurTime: secretish });
    expect(errors).toEqual([`firstOccurTime: expected a time like "2017-03-09 07:00:00", got string (${secretish.length} characters)`]);
    expect(errors.join()).not.toContain(secretish);
  });

  it('a body of the wrong shape altogether', async () => {
    expect(await reasons('tencent', [])).toEqual(['expected object, got array (0 items)']);
  });
});
