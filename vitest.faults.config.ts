import { defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.source-aliases.js';

/**
 * The fault suite (docs/reliability.md): private PostgreSQL servers restarted, stopped, frozen
 * and locked under a simulated on-sale. One file at a time: each starts its own PostgreSQL and
 * server processes, and two at once on two cores would measure the machine, not the fault.
 */
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['packages/server/test/faults/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
