import type { Kysely } from 'kysely';
import type { BoxOfficeDatabase } from '../../postgres/schema/db-types.js';

/**
 * What the PostgreSQL search needs of the store whose database it searches: a kysely handle
 * on a schema this package migrated (migrations 004 and 006 hold the search tables; hits are
 * read from `events`) and the store's kind, which the index reports as its own. The store's
 * adapter provides it (a `PostgresStore`, on PostgreSQL or PGlite, is one); this adapter
 * depends on nothing else of the store.
 */
export interface PostgresSearchStore {
  readonly kind: string;
  readonly db: Kysely<BoxOfficeDatabase>;
}
