/**
 * The PostgreSQL adapter of the Store port, on node-postgres or PGlite (embedded, WASM).
 */
export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreKind, PostgresStoreOptions } from './postgres-store.js';
export { openPostgresStore, openPgliteStore, pgliteTemplate, dropSchema, DEFAULT_BATCH_HOLDS } from './open.js';
export { HoldBatcher, takeHolds } from './holds-batch.js';
export type { HoldBatcherOptions, HoldBatchStats } from './holds-batch.js';
export type { OpenPostgresStoreOptions, OpenPgliteStoreOptions } from './open.js';
export { migrateToLatest, migrationProvider, MIGRATIONS } from './migrations.js';
export type { MigrateOptions } from './migrations.js';
export { PgliteDialect } from './pglite-dialect.js';
export type { PgliteDialectConfig } from './pglite-dialect.js';
export { acquireDirectoryLock, LOCK_FILE_NAME } from './lock-file.js';
export type { DirectoryLock } from './lock-file.js';
export type { BoxOfficeDatabase } from './db-types.js';
export { SQL_CODE } from './codes.js';
export type { ClockControl } from '../../ports/store.js';
export { hasClockControl } from '../../ports/store.js';
export { PostgresSearchIndex, createPostgresSearch, type PostgresSearchOptions } from '../search/postgres/index.js';
export { PostgresWebhookStore } from './webhooks.js';
