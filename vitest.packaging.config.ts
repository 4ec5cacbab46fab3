import { defineConfig } from 'vitest/config';

/**
 * The packaging check (packaging/install.test.ts): packs the three packages and installs the
 * tarballs with npm in fresh directories. Slow (two npm installs from the registry) and
 * outside the packages' own tests: `pnpm test:packaging` and `.ci/run` run it after the build.
 */
export default defineConfig({
  test: {
    include: ['packaging/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
