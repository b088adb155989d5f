import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The SDK from source, as tsconfig.json and the console's vite.config.ts see it: the
    // console's unit tests import the contract's schemas through it, without an SDK build.
    alias: [
      {
        find: /^@cyrene\/sdk$/,
        replacement: fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
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
