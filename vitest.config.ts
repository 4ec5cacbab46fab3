import { configDefaults, defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.source-aliases.js';

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // tooling/: the lint and import-boundary checks (docs/architecture.md, "Lint and boundaries").
    include: ['packages/**/test/**/*.test.ts', 'tooling/**/*.test.ts'],
    // The fault suite restarts and freezes databases of its own: `pnpm test:faults` runs it.
    exclude: [...configDefaults.exclude, 'packages/server/test/faults/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // PGlite instances and PostgreSQL schemas are per file; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
