import { defineConfig } from 'vitest/config';

// Unit tests of the e2e tooling (no server, no browser); run before the journeys by `pnpm test`.
export default defineConfig({
  test: { include: ['scripts/**/*.test.ts'] },
});
