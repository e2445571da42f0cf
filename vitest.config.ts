import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The default reporter for people; the summary line for CI, which reads "N passed, N failed".
    reporters: ['default', './test/helpers/summary-line-reporter.ts'],
    testTimeout: 30_000,
  },
});
