/**
 * The PostgreSQL adapter of the Store port, on node-postgres or PGlite (embedded, WASM).
 */
export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreKind } from './postgres-store.js';
export { openPostgresStore, openPgliteStore, pgliteTemplate, dropSchema } from './open.js';
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
