import { defineConfig } from 'vitest/config';

/**
 * Four projects, one `npm test`:
 *  - unit: pure code, no I/O;
 *  - integration: DynamoDB Local (started once, in memory, on a free port) and Docker Engine;
 *  - fuzz: the hostile-input fuzz at a fixed seed, on a local stack of its own;
 *  - e2e: the whole local stack (DynamoDB Local + serverless-offline) driven by the stock AWS SDK and CLI.
 */
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env,
        },
      },
      {
        // The hostile-input fuzz on a local stack of its own: its thousands of requests never slow the e2e agents' polls.
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          globalSetup: ['test/support/stack-global-setup.ts'],
          testTimeout: 420_000,
          hookTimeout: 180_000,
          env,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/stack-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          env,
        },
      },
    ],
  },
});
