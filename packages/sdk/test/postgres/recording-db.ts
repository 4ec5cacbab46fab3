import { createHash } from 'node:crypto';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { CompiledQuery, DatabaseConnection, Driver, Migration, QueryResult } from 'kysely';

/**
 * A kysely handle on no database: it records the SQL text of every statement it is given and
 * answers each with the rows `answer` returns (none by default). Running a migration's `up`
 * on it yields exactly the statements that migration sends to a real database, without one.
 */
export function recordingDb(answer: (sql: string) => Record<string, unknown>[] = () => []): { db: Kysely<unknown>; statements: string[] } {
  const statements: string[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      statements.push(query.sql);
      return { rows: answer(query.sql) as R[] };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery() {
      throw new Error('recordingDb does not stream');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {},
    async commitTransaction() {},
    async rollbackTransaction() {},
    async releaseConnection() {},
    async destroy() {},
  };
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return { db, statements };
}

/**
 * The statements a migration runs, in order. Migration 004 looks pg_trgm up: `trgm` is the
 * schema the lookup answers (null: not installed, so no trigram index).
 */
export async function migrationStatements(migration: Migration, trgm: string | null = 'public'): Promise<string[]> {
  const { db, statements } = recordingDb((sql) => (trgm !== null && sql.includes("extname = 'pg_trgm'") ? [{ schema: trgm }] : []));
  await migration.up(db);
  await db.destroy();
  return statements;
}

/** The SQL a migration runs as a count and one sha256 of every statement in order. */
export async function migrationFingerprint(migration: Migration, trgm: string | null = 'public'): Promise<{ statements: number; sha256: string }> {
  const statements = await migrationStatements(migration, trgm);
  return { statements: statements.length, sha256: createHash('sha256').update(statements.join('\n;\n')).digest('hex') };
}
