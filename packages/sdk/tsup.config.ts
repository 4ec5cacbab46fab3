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
    'schemas/index': 'src/schemas.ts',
    // The search worker's own entry, started by snapshot-worker.ts (see its startWorker).
    'search-worker': 'src/adapters/search/lunr/search-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'fast-check'],
  // zod is bundled, not a dependency: installed it is 8 MB, bundled only the parts the schemas
  // use (src imports it as a namespace, `import * as z`, so its unused locales are left out).
  // The root's declarations do not reference it; the /schemas entry's do (zod, an optional peer).
  noExternal: ['zod'],
});
