import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'postgres/index': 'src/adapters/postgres/index.ts',
    // The search worker's own entry, beside the chunks that start it (snapshot-worker.ts).
    'search-worker': 'src/adapters/search/lunr/search-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build (snapshot-worker.ts finds the worker by it).
  shims: true,
  target: 'node20',
  external: ['vitest', 'fast-check'],
});
