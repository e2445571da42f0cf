import { describe, expect, it } from 'vitest';
import { decodeCallback } from '../../lib/pipeline/decode-callback.js';
import { NORMALIZE_SETTINGS, VENDORS } from '../helpers/receiver.js';
import { vendorSampleFiles } from '../helpers/sample-corpus.js';

// "Every vendor field is either mapped or carried in the event": a field named `__proto__` too.
// JSON.parse makes it an own key; an event's raw that copies the body by assignment would turn it
// into the copy's prototype, and JSON.stringify would then leave it out.

describe("a body's own __proto__ key", () => {
  for (const vendor of Object.keys(VENDORS) as (keyof typeof VENDORS)[]) {
    it(`is carried in the raw of every event of every ${vendor} sample`, () => {
      const samples = vendorSampleFiles(vendor);
      let events = 0;
      for (const { path, text } of samples) {
        const body = text.replace(/^\s*\{/, '{"__proto__": {"carried": true}, ');
        const decoded = decodeCallback(VENDORS[vendor], Buffer.from(body), {}, NORMALIZE_SETTINGS);
        expect(decoded.outcome, path).toBe('events');
        if (decoded.outcome !== 'events') continue;
        for (const event of decoded.events) {
          const raw = (JSON.parse(event.json) as { data: { raw: Record<string, unknown> } }).data.raw;
          expect(Object.getOwnPropertyDescriptor(raw, '__proto__')?.value, path).toEqual({ carried: true });
          events++;
        }
      }
      expect(events).toBeGreaterThanOrEqual(samples.length);
    });
  }
});
