import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: each test file opens its own embedded database.
    maxWorkers: 2,
    globalSetup: ['apps/gateway/src/testing/global-setup.ts', 'apps/console/e2e/global-setup.ts'],
    env: { LOG_LEVEL: 'silent' },
  },
});
