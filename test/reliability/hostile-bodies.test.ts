import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VendorName } from '../../lib/event/alert-event.js';
import { registeredVendors } from '../../lib/vendors/registry.js';
import { assertHandled, hostileBodies, seedObjects, type Outcome } from '../helpers/hostile-bodies.js';

const BODIES = Number(process.env.ALERTHOOK_HOSTILE_BODIES ?? 100_000);
// Every registered vendor, so a new one cannot be left out; each gets an equal share of the bodies.
const VENDORS = registeredVendors().map((vendor) => vendor.name as VendorName);
const PER_VENDOR = Math.ceil(BODIES / VENDORS.length);

describe('hostile and broken bodies at volume', () => {
  it('has seed bodies for every registered vendor', () => {
    expect(Object.keys(seedObjects).sort()).toEqual([...VENDORS].sort());
  });

  it(`${BODIES} generated bodies across ${VENDORS.join(', ')}: no throw, no 5xx, every bad body dead-lettered byte for byte`, async () => {
    const counts: Record<Outcome, number> = { accepted: 0, 'dead-lettered': 0, ok: 0 };
    let tried = 0;
    for (const [index, vendor] of VENDORS.entries()) {
      await fc.assert(
        fc.asyncProperty(hostileBodies(vendor), async (body) => {
          counts[await assertHandled(vendor, body)]++;
          tried++;
        }),
        // Seeds 6 and 7 for the first two vendors, as before there were more.
        { numRuns: PER_VENDOR, seed: 6 + index },
      );
    }
    console.log(`hostile-bodies: ${JSON.stringify({ tried, ...counts, crashes: 0 })}`);
    expect(tried).toBe(PER_VENDOR * VENDORS.length);
    expect(tried).toBeGreaterThanOrEqual(BODIES);
    expect(counts['dead-lettered']).toBeGreaterThan(BODIES / 2);
  }, 300_000);
});
