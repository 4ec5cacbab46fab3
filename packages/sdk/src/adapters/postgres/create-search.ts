import { PostgresSearchIndex, type PostgresSearchOptions } from '../search/postgres/index.js';
import type { PostgresStore } from './store/postgres-store.js';

/**
 * The PostgreSQL full-text search over a store this package opened (PostgreSQL or PGlite):
 * the store hands the search adapter its kysely handle and kind, the only things it needs
 * (`PostgresSearchStore`). Here, beside the store, so the search adapter knows no store class.
 */
export function createPostgresSearch(options: PostgresSearchOptions & { readonly store: PostgresStore }): PostgresSearchIndex {
  return new PostgresSearchIndex(options);
}
