import { defineConfig } from 'vitest/config';

/** `npm run test:stress`: the size and depth cases, too slow for `npm test`. Each runs the CLI in a fresh process, as a user does. */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.stress.ts'],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
