/**
 * One `vitest run` for the whole workspace, in projects: the API (inject + real host),
 * the page's components (happy-dom), the end-to-end suite (real nginx, API and Chromium),
 * the drills, and the container suite (skipped, with its reason, where no Docker engine answers).
 *
 * The JSON report is what `.ci/run` counts for its closing `tests: N passed, N failed` line.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: [
      'default',
      // VITEST_REPORT names another file for a second run (the clock-shifted ones).
      ['json', { outputFile: process.env.VITEST_REPORT ?? '.artifacts/vitest-report.json' }],
    ],
    projects: [
      {
        test: {
          name: 'api',
          include: ['api/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/test/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['web/test/fixed-clock.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: [
            'test/e2e/**/*.test.ts',
            'test/drills/**/*.test.ts',
            'test/fakes/**/*.test.ts',
            'test/scripts/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Real processes on real ports: one file at a time keeps two cores honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'containers',
          include: ['test/containers/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          // A cold run builds the stand-in bases and both images: about 8 minutes on 2 cores.
          hookTimeout: 1_200_000,
          // testcontainers' reaper (Ryuk) is an image from a public registry: the suite
          // removes what it started itself, and what an aborted run left behind.
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
        },
      },
    ],
  },
});
