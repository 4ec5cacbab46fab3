import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseConnection, PostgresPool } from 'kysely';
import pg from 'pg';
import { BoxOfficeError, invalid } from '../../domain/errors.js';
import { translated } from './db-errors.js';
import type { BoxOfficeDatabase } from './db-types.js';
import type { HoldBatcherOptions } from './holds-batch.js';
import { acquireDirectoryLock } from './lock-file.js';
import type { DirectoryLock } from './lock-file.js';
import { migrateToLatest } from './migrations.js';
import { PgliteDialect } from './pglite-dialect.js';
import { PGLITE_EXTENSIONS } from './pglite-extensions.js';
import { PostgresStore } from './postgres-store.js';

export interface OpenPostgresStoreOptions {
  /** `postgres://...`: the store opens a pool of its own and ends it on close. */
  readonly connectionString?: string;
  /**
   * An existing pool: the store borrows it and never ends it. With `schema`, each of the pool's
   * sessions gets `SET search_path` on first use, so give the store a pool of its own.
   */
  readonly pool?: pg.Pool;
  /** Keep every table in this schema (created if missing), e.g. one per test file. Default: public. */
  readonly schema?: string;
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean;
  /** Size of the pool the store opens (default 10). */
  readonly maxConnections?: number;
  /** How long opening a session may take before the call fails as UNAVAILABLE (default 5 s). */
  readonly connectTimeoutMs?: number;
  /**
   * Longest wait for a row lock (PostgreSQL `lock_timeout`) before the call fails as
   * UNAVAILABLE, so one row held by someone else cannot stall the calls queued behind it.
   * Default DEFAULT_LOCK_TIMEOUT_MS; 0 waits forever. Migrations run without it.
   */
  readonly lockTimeoutMs?: number;
  /** Longest statement (`statement_timeout`), then UNAVAILABLE. Default DEFAULT_STATEMENT_TIMEOUT_MS; 0: none. */
  readonly statementTimeoutMs?: number;
  /**
   * Group this store's concurrent holds into one call and one transaction each
   * (`bo_take_holds`), every request still all-or-nothing. Default: DEFAULT_BATCH_HOLDS.
   */
  readonly batchHolds?: boolean | HoldBatcherOptions;
}

/** Whether `openPostgresStore` batches holds unless told otherwise (see docs/benchmarks.md). */
export const DEFAULT_BATCH_HOLDS = true;

export interface OpenPgliteStoreOptions {
  /** Directory of the database (created if missing, locked while open). Undefined: in memory. */
  readonly dataDir?: string;
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean;
  /**
   * A tarball from `pgliteTemplate()` (or `PGlite.dumpDataDir()`) to start a new database from,
   * skipping initdb (~1 s instead of ~5 s). Only for an empty `dataDir` or in memory.
   */
  readonly loadDataDir?: Blob;
  /** PGlite's relaxed durability: faster writes, the last ones may be lost on a crash. */
  readonly relaxedDurability?: boolean;
  /** Group concurrent holds into one `bo_take_holds` call (default false). */
  readonly batchHolds?: boolean;
}

/** How long opening a database session may take before the call fails as UNAVAILABLE. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** A hold or confirm locks a few rows for milliseconds: waiting 2 s means something is stuck. */
export const DEFAULT_LOCK_TIMEOUT_MS = 2000;
/** The longest store statement (a 10,000-ticket chunk of createEvent) takes well under this. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

function checkTimeout(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw invalid(field, 'must be a whole number of milliseconds, 0 or more');
  return value;
}

/**
 * pg-pool listens for 'error' only on IDLE clients. A client checked out by kysely (inside a
 * transaction, or between a hold batch's statements) that loses its server (a restart sends
 * 57P01, a crash resets the socket) emits 'error' with nobody listening, and Node ends the
 * process. The query in flight, if any, is rejected by itself (and translated to UNAVAILABLE);
 * the client is then not queryable, so pg-pool discards it on release and the next call opens
 * a fresh session: nothing is left to do here but keep the process alive.
 */
const guarded = new WeakSet<object>();
function listenForErrors<C extends { on(event: 'error', listener: (error: Error) => void): unknown }>(client: C): C {
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on('error', () => {});
  }
  return client;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkSchema(schema: string | undefined): void {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw invalid('schema', 'must be a lower-case identifier of letters, digits and underscores');
  }
}

/** Opens the store on PostgreSQL (node-postgres), migrating it unless `migrate: false`. */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<PostgresStore> {
  const { schema, connectionString } = options;
  checkSchema(schema);
  if ((connectionString === undefined) === (options.pool === undefined)) {
    throw invalid('connectionString', 'give exactly one of connectionString and pool');
  }
  const lockTimeout = checkTimeout('lockTimeoutMs', options.lockTimeoutMs, DEFAULT_LOCK_TIMEOUT_MS);
  const statementTimeout = checkTimeout('statementTimeoutMs', options.statementTimeoutMs, DEFAULT_STATEMENT_TIMEOUT_MS);
  const connectTimeout = checkTimeout('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
  let pool: PostgresPool;
  if (options.pool !== undefined) {
    const borrowed = options.pool;
    pool = { connect: async () => listenForErrors(await borrowed.connect()), end: async () => {} };
  } else {
    const own = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      application_name: 'boxoffice',
      // A server that accepts the socket but never answers (frozen, overloaded) must not hold a
      // request forever: opening a session fails after this, as UNAVAILABLE.
      connectionTimeoutMillis: connectTimeout,
      lock_timeout: lockTimeout,
      statement_timeout: statementTimeout,
      // Half-open sockets (the server's host gone) are found by TCP rather than never.
      keepAlive: true,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    // An idle session dropped by the server is removed from the pool; the next query opens a
    // new one. Without a listener the 'error' event would crash the process.
    own.on('error', () => {});
    own.on('connect', (client) => listenForErrors(client));
    pool = own;
  }
  const timeouts = `SET lock_timeout = ${lockTimeout}; SET statement_timeout = ${statementTimeout}`;
  // A borrowed pool's sessions get the store's settings on first use (an own pool's at connect).
  const setUpSession =
    options.pool !== undefined
      ? async (connection: DatabaseConnection) => {
          // `schema` matched SCHEMA_NAME: safe to quote as it is.
          if (schema !== undefined) await connection.executeQuery(CompiledQuery.raw(`SET search_path TO "${schema}"`));
          await connection.executeQuery(CompiledQuery.raw(timeouts));
        }
      : undefined;
  const db = new Kysely<BoxOfficeDatabase>({
    dialect: new PostgresDialect({ pool, ...(setUpSession ? { onCreateConnection: setUpSession } : {}) }),
  });
  try {
    if (schema !== undefined) await ensureSchema(db, schema);
    if (options.migrate !== false) {
      // Migrations build indexes over whole tables and wait for the other openers' migration
      // lock: on one session without the store's timeouts, which it gets back afterwards.
      await translated(() =>
        db.connection().execute(async (session) => {
          await sql.raw('SET lock_timeout = 0; SET statement_timeout = 0').execute(session);
          const result = await migrateToLatest(session, { schema: schema ?? 'public' });
          await sql.raw(timeouts).execute(session);
          return result;
        }),
      );
    }
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  return new PostgresStore(db, 'postgres', undefined, { batchHolds: options.batchHolds ?? DEFAULT_BATCH_HOLDS });
}

/** Opens the store on PGlite, in memory or in `dataDir` (locked against a second opener). */
export async function openPgliteStore(options: OpenPgliteStoreOptions = {}): Promise<PostgresStore> {
  const lock: DirectoryLock | undefined =
    options.dataDir === undefined ? undefined : await acquireDirectoryLock(options.dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({
      extensions: PGLITE_EXTENSIONS,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      ...(options.relaxedDurability === undefined ? {} : { relaxedDurability: options.relaxedDurability }),
    });
    const db = new Kysely<BoxOfficeDatabase>({ dialect: new PgliteDialect({ pglite }) });
    if (options.migrate !== false) await translated(() => migrateToLatest(db));
    return new PostgresStore(
      db,
      'pglite',
      async () => {
        await lock?.release();
      },
      { batchHolds: options.batchHolds ?? false },
    );
  } catch (error) {
    await pglite?.close().catch(() => {});
    await lock?.release();
    if (error instanceof BoxOfficeError) throw error;
    const where = options.dataDir === undefined ? 'in memory' : `in ${options.dataDir}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BoxOfficeError('UNAVAILABLE', `could not open the embedded database ${where}: ${reason}`, { cause: error });
  }
}

/**
 * A migrated, empty in-memory database as a tarball, for `openPgliteStore({ loadDataDir })`:
 * tests and tools that open many fresh stores pay initdb once.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    const db = new Kysely<BoxOfficeDatabase>({ dialect: new PgliteDialect({ pglite, closeOnDestroy: false }) });
    await migrateToLatest(db);
    await db.destroy();
    const dump = await pglite.dumpDataDir('none');
    return dump;
  } finally {
    await pglite.close();
  }
}

/** Drops a schema and everything in it (tests isolate by a fresh schema each). */
export async function dropSchema(options: { connectionString?: string; pool?: pg.Pool; schema: string }): Promise<void> {
  checkSchema(options.schema);
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 1 });
  if (options.pool === undefined) pool.on('error', () => {}); // an idle session lost: the query fails instead
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
  } finally {
    if (options.pool === undefined) await pool.end();
  }
}

async function ensureSchema(db: Kysely<BoxOfficeDatabase>, schema: string): Promise<void> {
  try {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two openers racing on CREATE SCHEMA IF NOT EXISTS: one may see a unique violation.
    if ((error as { code?: unknown }).code !== '23505') throw error;
  }
}
