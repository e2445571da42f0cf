import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../lib/sinks/file/group-commit.js';

/**
 * The promise a durable write rests on: every caller's wait ends only after a run of the operation
 * (a directory fsync) that *started after the caller asked*, since only such a run covers the
 * rename the caller made just before asking. Callers arrive at random moments while runs of random
 * length are in flight; each run may fail.
 */
describe('GroupCommit', () => {
  it('settles each caller with a run that began after its call, and shares runs between callers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ arriveAfter: fc.integer({ min: 0, max: 6 }), runTakes: fc.integer({ min: 0, max: 4 }), fails: fc.boolean() }),
          { minLength: 1, maxLength: 30 },
        ),
        async (plan) => {
          let clock = 0;
          const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
          const runs: { started: number; ended?: number; failed: boolean }[] = [];
          let next = 0;
          const commit = new GroupCommit(async () => {
            const step = plan[next++ % plan.length] as (typeof plan)[number];
            const run: (typeof runs)[number] = { started: clock, failed: step.fails };
            runs.push(run);
            for (let i = 0; i < step.runTakes; i++) await tick();
            run.ended = clock;
            if (step.fails) throw new Error('fsync failed');
          });
          const callers: Promise<{ asked: number; settled: number; ok: boolean }>[] = [];
          for (const step of plan) {
            for (let i = 0; i < step.arriveAfter; i++) {
              await tick();
              clock++;
            }
            const asked = ++clock;
            callers.push(
              commit.run().then(
                () => ({ asked, settled: clock, ok: true }),
                () => ({ asked, settled: clock, ok: false }),
              ),
            );
          }
          const ticker = setInterval(() => clock++, 0);
          const results = await Promise.all(callers);
          clearInterval(ticker);
          for (const result of results) {
            // Some run began at or after the call and ended before the caller heard back, with the caller's outcome.
            const covering = runs.filter((run) => run.started >= result.asked && run.ended !== undefined && run.ended <= result.settled);
            expect(covering.length).toBeGreaterThan(0);
            expect(covering.some((run) => run.failed === !result.ok)).toBe(true);
          }
          expect(runs.length).toBeLessThanOrEqual(results.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs the operation once per wave: callers that overlap a run wait for the single next one', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const commit = new GroupCommit(() => {
      runs++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    const first = commit.run();
    const waiting = [commit.run(), commit.run(), commit.run()];
    expect(runs).toBe(1);
    release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    release();
    await Promise.all(waiting);
    expect(runs).toBe(2);
  });
});
