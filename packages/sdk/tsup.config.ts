import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per subpath of package.json's `exports`. The backend entries (postgres, pglite,
  // redis, lunr) import optional peers; the root loads them only through dynamic imports.
  entry: {
    index: 'src/index.ts',
    'catalog/index': 'src/catalog/index.ts',
    'testing/index': 'src/testing/index.ts',
    'postgres/index': 'src/adapters/postgres/index.ts',
    'pglite/index': 'src/adapters/postgres/pglite.ts',
    'redis/index': 'src/adapters/redis.ts',
    'lunr/index': 'src/adapters/search/lunr/index.ts',
    'protocol/index': 'src/protocol/index.ts',
    // The search worker's own entry, started by snapshot-worker.ts (see its startWorker).
    'search-worker': 'src/adapters/search/lunr/search-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'fast-check'],
});
