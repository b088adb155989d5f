import { defineConfig } from 'vitest/config';

/** `npm run screenshots`: the main screens of the console, seeded with sample data, into docs/screenshots/. */
export default defineConfig({
  test: {
    include: ['apps/console/e2e/screenshots.shots.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['apps/gateway/src/testing/global-setup.ts', 'apps/console/e2e/global-setup.ts'],
    env: { LOG_LEVEL: 'silent' },
  },
});
