import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { driftTypes, list, looseObject } from '../../lib/vendors/drift.js';

const { text, optionalText, optionalNumber } = driftTypes();

describe('looseObject (zod/mini with the compiled object parser)', () => {
  // The same shape built both ways: ours must answer exactly as zod's own looseObject does.
  const shape = <O extends typeof z.looseObject>(object: O) =>
    object({
      id: text,
      name: optionalText,
      value: optionalNumber,
      nested: z.optional(object({ key: text, n: optionalNumber })),
      items: list(object({ a: optionalText })),
    });
  const ours = shape(looseObject as typeof z.looseObject);
  const zods = shape(z.looseObject);

  it('accepts, transforms, keeps unknown keys and reports issues exactly as z.looseObject', () => {
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.object({ maxDepth: 1 }),
    );
    const body = fc.oneof(
      fc.record(
        {
          id: field,
          name: field,
          value: field,
          nested: fc.oneof(field, fc.record({ key: field, n: field })),
          items: fc.oneof(field, fc.array(fc.record({ a: field }), { maxLength: 3 })),
          extra: field,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(body, (input) => {
        const a = ours.safeParse(input);
        const b = zods.safeParse(input);
        expect(a.success).toBe(b.success);
        if (a.success && b.success) expect(a.data).toEqual(b.data);
        else expect(a.error?.issues).toEqual(b.error?.issues);
      }),
      { numRuns: 2000 },
    );
  });
});
