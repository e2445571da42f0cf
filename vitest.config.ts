import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take longest, longest first. A fresh clone (CI) has no timings from an earlier run,
 * so vitest would start the largest files first, and the longest, a short file that generates its
 * bodies, came last, alone, while the other worker sat idle. A file missing here only starts later;
 * a file named here that no longer exists is skipped.
 */
const LONGEST_FIRST = [
  'test/reliability/hostile-bodies.test.ts',
  'test/shipped/readme-commands.test.ts',
  'test/shipped/cli.test.ts',
  'test/shipped/deploy-volcengine.test.ts',
  'test/integration/tail.test.ts',
  'test/shipped/package-scripts.test.ts',
  'test/shipped/function-bundles.test.ts',
  'test/shipped/deploy-tencent.test.ts',
  'test/reliability/sink-faults.test.ts',
  'test/property/bad-bodies.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order (earlier failures and timings).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The default reporter for people; the summary line for CI, which reads "N passed, N failed".
    reporters: ['default', './test/helpers/summary-line-reporter.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, so every
    // file ran after the other while most of them wait on child processes, fsync and sockets.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
  },
});
