import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlertEventSchema, alertEventJsonSchema, type AlertEvent } from '../../lib/event/alert-event.js';
import { VENDOR_NAMES } from '../../lib/event/vendor-names.js';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { VENDORS as vendors } from '../helpers/receiver.js';
import { NORMALIZE_SETTINGS } from '../helpers/receiver.js';
import { stripDocAnnotations, tencentSeeds, volcengineSeeds } from '../helpers/seeds.js';

const bodies: [keyof typeof vendors, string][] = [
  ['tencent', stripDocAnnotations(tencentSeeds().metric)],
  ['tencent', stripDocAnnotations(tencentSeeds().event)],
  ...Object.values(volcengineSeeds()).map((body) => ['volcengine', body] as [keyof typeof vendors, string]),
  ['volcengine', readFileSync(new URL('../../lib/vendors/volcengine/samples/event.json', import.meta.url), 'utf8')],
];

function eventsOf(vendor: keyof typeof vendors, body: string): AlertEvent[] {
  const decoded = decodeCallback(vendors[vendor], Buffer.from(body), {}, NORMALIZE_SETTINGS);
  if (decoded.outcome !== 'events') throw new Error(decoded.outcome);
  return decoded.events.map((e) => e.event);
}

describe('the v1 contract', () => {
  it('every event from every sample matches the schema exactly (no field outside it)', () => {
    for (const [vendor, body] of bodies) {
      for (const event of eventsOf(vendor, body)) {
        const parsed = AlertEventSchema.parse(event);
        // z.object strips unknown keys: equality means the normalizer wrote nothing the contract lacks.
        expect(parsed).toEqual(event);
      }
    }
  });

  it('every event survives a JSON round trip unchanged (what sinks store is what consumers get)', () => {
    for (const [vendor, body] of bodies)
      for (const event of eventsOf(vendor, body)) expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  it('schema/alert-event.v1.json is the schema generated from the zod contract (run `npm run schema` after a change)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/alert-event.v1.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(alertEventJsonSchema());
  });

  it('lib/event/vendor-names.ts is generated from the vendor registry (run `npm run schema` after adding a vendor)', () => {
    expect([...VENDOR_NAMES]).toEqual(registeredVendors().map((vendor) => vendor.name));
  });

  it('the JSON Schema keeps objects open, so v1 can grow optional fields', () => {
    expect(JSON.stringify(alertEventJsonSchema())).not.toContain('"additionalProperties":false');
  });
});
