/** What `@boxoffice/sdk/postgres` and `@boxoffice/sdk/pglite` both export: the store over kysely, whichever driver opened it. */
export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreKind, PostgresStoreOptions } from './postgres-store.js';
export { HoldBatcher, takeHolds } from './holds-batch.js';
export type { HoldBatcherOptions, HoldBatchStats } from './holds-batch.js';
export { migrateToLatest, migrationProvider, MIGRATIONS } from './migrations.js';
export type { MigrateOptions } from './migrations.js';
export type { BoxOfficeDatabase } from './db-types.js';
export { SQL_CODE } from './codes.js';
export type { ClockControl } from '../../ports/store.js';
export { hasClockControl } from '../../ports/store.js';
export { PostgresSearchIndex, createPostgresSearch, type PostgresSearchOptions } from '../search/postgres/index.js';
export { PostgresWebhookStore } from './webhooks.js';
