import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The summary reporter goes last so a failed run ends with the names of what failed.
    reporters: ['default', './test/helpers/failure-summary-reporter.ts'],
    testTimeout: 180_000, // heavy integration tests on a loaded 2-core machine; a hang still fails
    hookTimeout: 120_000,
    pool: 'forks',
    // Integration tests spawn real Redis/S3/Chromium; two cores, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    // Each worker keeps its modules from one test file to the next instead of importing the app
    // (AWS SDK, Playwright, BullMQ, PGlite...) again for every file: that import took 450 s of a
    // 1650 s run (summed over both workers), 90 s without isolation. Test files share no module
    // state: each starts and closes its own servers, and none mocks modules or stubs globals.
    isolate: false,
  },
});
