/**
 * `@boxoffice/sdk/postgres`: the PostgreSQL adapter of the Store port on node-postgres.
 * Needs the optional peers `pg` and `kysely`; the embedded PGlite flavour is `@boxoffice/sdk/pglite`.
 */
export * from './shared-exports.js';
export { openPostgresStore, dropSchema, DEFAULT_BATCH_HOLDS, type OpenPostgresStoreOptions, type PgPool } from './connection/open-postgres.js';
