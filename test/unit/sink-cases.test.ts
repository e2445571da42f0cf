import { describe, expect, it } from 'vitest';
import { registerSinkKind, sinkKinds } from '../../lib/sinks/registry.js';
import type { SinkKind } from '../../lib/sinks/sink.js';
import { SINK_CASES, sinkCasesFor } from '../helpers/sink-cases.js';

// The shipped tests run the built CLI and the function bundles against every case in SINK_CASES; a
// sink kind without a case would ship untested with nothing to say so, and a case for a kind that
// is gone (or renamed) would test nothing that ships.

describe('test/helpers/sink-cases.ts covers the sink registry', () => {
  it('every registered sink kind has a case, and every case names a registered kind and one of its schemes', () => {
    const { withoutCase, unmatched } = sinkCasesFor(sinkKinds());
    expect(withoutCase).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it('the check can fail: a kind registered without a case is named, and the case it gets fails whatever uses it', async () => {
    const madeUp: SinkKind = {
      name: 'memtest',
      schemes: ['memtest'],
      usage: 'memtest://NAME',
      openSink: async () => {
        throw new Error('never opened here');
      },
    };
    const before = sinkCasesFor(sinkKinds()).withoutCase;
    const unregister = registerSinkKind(madeUp);
    try {
      const { cases, withoutCase } = sinkCasesFor(sinkKinds());
      expect(withoutCase).toEqual([...before, 'memtest']);
      const stand = cases.find((c) => c.kind === 'memtest');
      expect(stand?.start).toBeUndefined();
      await expect(stand?.dead()).rejects.toThrow(/^no case for the sink kind "memtest" in test\/helpers\/sink-cases\.ts/);
    } finally {
      unregister();
    }
  });

  it('the check can fail: a case whose kind is not registered is named', () => {
    const [dropped, ...rest] = sinkKinds();
    const written = SINK_CASES.find((c) => c.kind === dropped?.name);
    const before = sinkCasesFor(sinkKinds()).unmatched;
    const after = sinkCasesFor(rest).unmatched;
    expect(after).toContain(`${written?.kind} (${written?.scheme}://)`);
    expect(after).toHaveLength(before.length + 1);
  });
});
