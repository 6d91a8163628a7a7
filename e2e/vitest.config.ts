import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `pnpm test` runs the journeys; SCREENSHOTS=1 runs only the README screenshot script.
    include: process.env.SCREENSHOTS ? ['tests/screenshots.shots.ts'] : ['tests/**/*.e2e.ts'],
    // Starts the built server once for the whole run (fresh data dir) and provides its URL.
    globalSetup: ['support/global-setup.ts'],
    // Files run in parallel (one Chromium each) against the one server; tests in a file run in order.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
