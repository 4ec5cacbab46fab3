import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { Mutex } from './mutex.js';

export interface PgliteDialectConfig {
  readonly pglite: PGlite;
  /** Close the PGlite instance when kysely is destroyed (default true). */
  readonly closeOnDestroy?: boolean;
  /** Runs once on the session before the first query (e.g. `SET search_path`). */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}

/**
 * A kysely dialect over PGlite. PGlite is one session running one query at a time, so the
 * driver hands its single connection to one caller at a time: `acquireConnection` waits on a
 * mutex that `releaseConnection` frees. A transaction keeps the connection from BEGIN to
 * COMMIT, so no other caller's query can land inside it (the bug seen with kysely-pglite).
 */
export class PgliteDialect implements Dialect {
  readonly #config: PgliteDialectConfig;

  constructor(config: PgliteDialectConfig) {
    this.#config = config;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PgliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db as ConstructorParameters<typeof PostgresIntrospector>[0]);
  }
}

class PgliteDriver implements Driver {
  readonly #config: PgliteDialectConfig;
  readonly #mutex = new Mutex();
  readonly #connection: PgliteConnection;
  readonly #turns = new OneQueryATurn();
  #initialised = false;

  constructor(config: PgliteDialectConfig) {
    this.#config = config;
    this.#connection = new PgliteConnection(config.pglite);
  }

  async init(): Promise<void> {
    await this.#config.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    await this.#turns.next();
    if (!this.#initialised && this.#config.onCreateConnection) {
      try {
        await this.#config.onCreateConnection(this.#connection);
      } catch (error) {
        this.#mutex.unlock();
        throw error;
      }
    }
    this.#initialised = true;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'start transaction';
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) statement += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (this.#config.closeOnDestroy === false || this.#config.pglite.closed) return;
    // Wait for whoever holds the session, so close never cuts a transaction in half.
    await this.#mutex.lock();
    try {
      await this.#config.pglite.close();
    } finally {
      this.#mutex.unlock();
    }
  }
}

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
      rowMode: 'object',
    });
    return {
      rows: result.rows,
      ...(result.affectedRows === undefined ? {} : { numAffectedRows: BigInt(result.affectedRows) }),
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over this API: the whole result arrives as one chunk.
    yield await this.executeQuery<R>(compiledQuery);
  }
}

/**
 * PGlite runs each query synchronously on this thread (WASM) and resolves it in a microtask, so
 * queries issued back to back (one caller's chain, or the next waiter on the session) ran in one
 * macrotask and no timer, socket or incoming request got a turn until the chain ended: at
 * start-up on a 100,000-event store the sweeper, reconciler, webhook rounds, catalog-version
 * poll and availability re-read chained into 0.3-3.7 s stalls. Each query (or transaction)
 * after the first of an event-loop turn now waits for the next turn (`setImmediate`, after the
 * loop's I/O poll), as a query on a database server would wait for its answer's socket.
 */
class OneQueryATurn {
  #ranThisTurn = false;

  async next(): Promise<void> {
    // The reset below was queued before this wait (immediates run in order): the flag is clear after it.
    if (this.#ranThisTurn) await new Promise<void>((resolve) => setImmediate(resolve));
    this.#ranThisTurn = true;
    setImmediate(() => {
      this.#ranThisTurn = false;
    });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
