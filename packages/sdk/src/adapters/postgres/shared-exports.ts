/** What `@boxoffice/sdk/postgres` and `@boxoffice/sdk/pglite` both export: the store over kysely, whichever driver opened it. */
export { PostgresStore } from './store/postgres-store.js';
export type { PostgresStoreKind, PostgresStoreOptions } from './store/postgres-store.js';
export { HoldBatcher, takeHolds } from './store/hold-batches.js';
export type { HoldBatcherOptions, HoldBatchStats } from './store/hold-batches.js';
export { migrateToLatest } from './migrations/migrate.js';
export { migrationProvider, MIGRATIONS } from './migrations/registry.js';
export type { MigrateOptions } from './migrations/migrate.js';
export type { BoxOfficeDatabase } from './schema/db-types.js';
export { SQL_CODE } from './schema/sql-codes.js';
export type { ClockControl } from '../../ports/store.js';
export { hasClockControl } from '../../ports/store.js';
export { PostgresSearchIndex, type PostgresSearchOptions, type PostgresSearchStore } from '../search/postgres/index.js';
export { createPostgresSearch } from './create-search.js';
export { PostgresWebhookStore } from './store/webhooks.js';
