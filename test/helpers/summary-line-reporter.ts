import type { Reporter, TestModule } from 'vitest/node';

/** Prints `tests: N passed, N failed, N skipped` alone on the last line of the run. */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      // A file that failed to load or to collect has errors and perhaps no tests: count it as a failure.
      if (module.errors().length > 0 && [...module.children.allTests()].every((t) => t.result().state !== 'failed')) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
