import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseConnection, PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { invalid } from '../../../domain/errors.js';
import { translated } from './db-errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import type { HoldBatcherOptions } from '../store/hold-batches.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { PostgresStore } from '../store/postgres-store.js';

/**
 * The part of a node-postgres `Pool` the store uses when it is given one (a `pg.Pool` fits).
 * Declared here, as kysely does, so the published types need neither `pg` nor `@types/pg`.
 */
export interface PgPool {
  connect(): Promise<PostgresPoolClient & { on(event: 'error', listener: (error: Error) => void): unknown }>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}

export interface OpenPostgresStoreOptions {
  /** `postgres://...`: the store opens a pool of its own and ends it on close. */
  readonly connectionString?: string;
  /**
   * An existing pool: the store borrows it and never ends it. With `schema`, each of the pool's
   * sessions gets `SET search_path` on first use, so give the store a pool of its own.
   */
  readonly pool?: PgPool;
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

/** Drops a schema and everything in it (tests isolate by a fresh schema each). */
export async function dropSchema(options: { connectionString?: string; pool?: PgPool; schema: string }): Promise<void> {
  checkSchema(options.schema);
  const own = options.pool === undefined ? new pg.Pool({ connectionString: options.connectionString, max: 1 }) : undefined;
  own?.on('error', () => {}); // an idle session lost: the query fails instead
  const pool: PgPool = options.pool ?? own!;
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
  } finally {
    await own?.end();
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
