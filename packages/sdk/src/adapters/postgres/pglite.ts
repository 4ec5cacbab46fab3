/**
 * `@boxoffice/sdk/pglite`: the same PostgreSQL adapter on PGlite (WASM PostgreSQL, embedded,
 * file-backed). Needs the optional peers `@electric-sql/pglite` and `kysely`, not `pg`.
 */
export * from './shared-exports.js';
export { openPgliteStore, pgliteTemplate, type OpenPgliteStoreOptions } from './connection/open-pglite.js';
export { PgliteDialect, type PgliteDialectConfig } from './connection/pglite-dialect.js';
export { acquireDirectoryLock, LOCK_FILE_NAME, type DirectoryLock } from './connection/lock-file.js';
