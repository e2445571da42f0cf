import { readdirSync, readFileSync } from 'node:fs';
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
  'test/shipped/deploy-volcengine.test.ts',
  'test/shipped/bench-script.test.ts',
  'test/reliability/hostile-bodies.test.ts',
  'test/shipped/readme-commands.test.ts',
  'test/integration/prometheus-end-to-end.test.ts',
  'test/shipped/deploy-tencent.test.ts',
  'test/shipped/cli.test.ts',
  'test/shipped/cli-sinks.test.ts',
  'test/reliability/sink-faults.test.ts',
  'test/reliability/redrive-crash.test.ts',
  'test/reliability/crash-safety.test.ts',
  'test/shipped/package-scripts.test.ts',
  'test/shipped/deploy-timers.test.ts',
  'test/reliability/sink-outage.test.ts',
  'test/integration/alertmanager-sender.test.ts',
];

/**
 * `npm run test:fast` (`--project fast`): the unit tests, and the integration tests that start no
 * child process, need no broker or Alertmanager and read nothing built, so they run in seconds from
 * the sources alone. Told from what each file imports, so a test that starts needing one of those
 * leaves the fast set by itself.
 */
const NEEDS_MORE =
  /from '(?:node:child_process|\.\.\/helpers\/(?:broker|alertmanager|built-cli|serverless-cli|scratch-copy|template-render)\.js)'|\bdist\//;
const FAST_FILES = ['test/unit', 'test/integration'].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name}`)
    .filter((file) => dir === 'test/unit' || !NEEDS_MORE.test(readFileSync(file, 'utf8'))),
);

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
    // The default reporter for people; the summary line for CI, which reads "N passed, N failed".
    reporters: ['default', './test/helpers/summary-line-reporter.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, so every
    // file ran after the other while most of them wait on child processes, fsync and sockets.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
    // Each project names its own files (a project that extends this config adds to its lists).
    projects: [
      { extends: true, test: { name: 'fast', include: FAST_FILES } },
      { extends: true, test: { name: 'rest', include: ['test/**/*.test.ts'], exclude: FAST_FILES } },
    ],
  },
});
