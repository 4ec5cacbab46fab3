import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // PGlite instances and PostgreSQL schemas are per file; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
