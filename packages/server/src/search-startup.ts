import { legacySearchIndexPathsOf, searchIndexPathOf, type CreateBoxOfficeOptions, type SearchIndex, type Store } from '@boxoffice/sdk';
import { preloadSearchIndex, type PreloadedSearchIndex } from '@boxoffice/sdk/lunr';

/**
 * Starts loading the embedded store's saved search index in a worker thread, to run while the
 * store opens (seconds each at 100,000 events); `searchAtStartup` hands it to the index.
 */
export function preloadSearchAt(spec: string): Promise<PreloadedSearchIndex | undefined> {
  const path = searchIndexPathOf(spec);
  return path ? preloadSearchIndex(path, legacySearchIndexPathsOf(spec)).catch(() => undefined) : Promise.resolve(undefined);
}

/**
 * How a server's search starts (what `startServer` gives `createBoxOffice` as `lunr`): the
 * index is built, or loaded from the embedded store's directory when the catalog has not
 * changed since it was saved, at start-up in a worker thread, so no request waits behind it.
 * Until it is ready the SQL full-text search answers on PostgreSQL (its tables are kept by the
 * store's triggers; its price and availability columns may lag until its own refresh reaches
 * them). Not on PGlite: there a SQL search runs on the server's own thread (~0.5 s at 100,000
 * events, measured), the very stall this avoids. Elsewhere search answers 503 UNAVAILABLE with
 * Retry-After and `/readyz` says not ready.
 */
export async function searchAtStartup(
  store: Store,
  spec: string,
  { onReady, preloaded }: { onReady?: LunrOptions['onReady']; preloaded?: PreloadedSearchIndex | undefined } = {},
): Promise<LunrOptions> {
  const persistPath = searchIndexPathOf(spec);
  return {
    buildAtStart: true,
    ...(preloaded ? { preloaded } : {}),
    whileBuilding: (await sqlSearchOf(store)) ?? 'unavailable',
    ...(persistPath ? { persistPath, legacyPersistPaths: legacySearchIndexPathsOf(spec) } : {}),
    ...(onReady ? { onReady } : {}),
  };
}

type LunrOptions = NonNullable<CreateBoxOfficeOptions['lunr']>;

/** The SQL full-text search over a PostgreSQL store (a database server's work); undefined for other stores. */
async function sqlSearchOf(store: Store): Promise<SearchIndex | undefined> {
  if (store.kind !== 'postgres') return undefined;
  const { createPostgresSearch } = await import('@boxoffice/sdk/postgres');
  return createPostgresSearch({ store: store as Parameters<typeof createPostgresSearch>[0]['store'] });
}
