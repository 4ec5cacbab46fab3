import { fileURLToPath } from 'node:url';

/**
 * Tests resolve the workspace packages to their source, not to a `dist/` that may be stale:
 * `@boxoffice/sdk` and each subpath entry map to the file tsup builds that entry from
 * (packages/sdk/tsup.config.ts), `@boxoffice/server` to the server's src/index.ts. One copy of the
 * SDK is loaded in a test process, so `instanceof BoxOfficeError` and module-level state hold.
 * Processes a test spawns (`boxoffice serve` through packages/cli/bin, the search worker thread
 * when built) still run the built `dist/`: `.ci/run` builds before it tests.
 * The packaging suite (vitest.packaging.config.ts) does not use these: it tests the packed tarballs.
 */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const SDK_ENTRIES: Record<string, string> = {
  '': 'packages/sdk/src/index.ts',
  '/catalog': 'packages/sdk/src/catalog/index.ts',
  '/testing': 'packages/sdk/src/testing/index.ts',
  '/postgres': 'packages/sdk/src/adapters/postgres/index.ts',
  '/pglite': 'packages/sdk/src/adapters/postgres/pglite.ts',
  '/redis': 'packages/sdk/src/adapters/redis.ts',
  '/lunr': 'packages/sdk/src/adapters/search/lunr/index.ts',
  '/protocol': 'packages/sdk/src/protocol/index.ts',
  '/schemas': 'packages/sdk/src/schemas.ts',
};

export const sourceAliases = [
  ...Object.entries(SDK_ENTRIES).map(([subpath, file]) => ({ find: new RegExp(`^@boxoffice/sdk${subpath}$`), replacement: source(`./${file}`) })),
  { find: /^@boxoffice\/server$/, replacement: source('./packages/server/src/index.ts') },
];
