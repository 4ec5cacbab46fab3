import { searchIndexPathOf, type CreateBoxOfficeOptions, type SearchIndex, type Store } from '@boxoffice/sdk';

/**
 * How a server's search starts (what `startServer` gives `createBoxOffice` as `lunr`): the
 * index is built, or loaded from the embedded store's directory when the catalog has not
 * changed since it was saved, at start-up in a worker thread, so no request waits behind it.
 * Until it is ready the SQL full-text search answers on PostgreSQL and PGlite (its tables are
 * kept by the store's triggers; its price and availability columns may lag until its own
 * refresh reaches them); on other stores search answers 503 UNAVAILABLE with Retry-After and
 * `/readyz` says not ready.
 */
export async function searchAtStartup(store: Store, spec: string): Promise<NonNullable<CreateBoxOfficeOptions['lunr']>> {
  const persistPath = searchIndexPathOf(spec);
  return { buildAtStart: true, whileBuilding: (await sqlSearchOf(store)) ?? 'unavailable', ...(persistPath ? { persistPath } : {}) };
}

/** The SQL full-text search over a PostgreSQL or PGlite store; undefined for other stores. */
async function sqlSearchOf(store: Store): Promise<SearchIndex | undefined> {
  if (store.kind !== 'postgres' && store.kind !== 'pglite') return undefined;
  const { createPostgresSearch } = await import('@boxoffice/sdk/postgres');
  return createPostgresSearch({ store: store as Parameters<typeof createPostgresSearch>[0]['store'] });
}
