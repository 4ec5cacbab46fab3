import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { dropSchema, openPostgresStore } from '../../src/adapters/postgres/index.js';
import { openPgliteStore, pgliteTemplate } from '../../src/adapters/postgres/pglite.js';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';

/**
 * The two backends of the PostgreSQL adapter, for test files: real PostgreSQL (a fresh random
 * schema per store, dropped on cleanup) and PGlite in memory (started from a migrated template,
 * so a fresh store costs ~1 s instead of ~5 s of initdb). PostgreSQL unreachable: its cases are
 * skipped with a printed message, or fail under CI=true.
 */
export const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendName = 'postgres' | 'pglite';

export interface OpenedStore {
  readonly store: PostgresStore;
  cleanup(): Promise<void>;
}

export interface OpenOptions {
  readonly maxConnections?: number;
  /** Group concurrent holds into one call (default: the adapter's default). */
  readonly batchHolds?: boolean;
  /** false: an empty database, not migrated (PGlite then pays initdb, ~5 s). Default true. */
  readonly migrate?: boolean;
}

export interface Backend {
  readonly name: BackendName;
  open(options?: OpenOptions): Promise<OpenedStore>;
}

const wanted = adaptersUnderTest();

let template: Promise<Blob> | undefined;

const pglite: Backend = {
  name: 'pglite',
  async open(options = {}) {
    const fresh = options.migrate === false;
    if (!fresh) template ??= pgliteTemplate();
    const store = await openPgliteStore({
      ...(fresh ? { migrate: false } : { loadDataDir: await template! }),
      ...(options.batchHolds === undefined ? {} : { batchHolds: options.batchHolds }),
    });
    return { store, cleanup: () => store.close() };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async open(options = {}) {
    const schema = `bo_test_${randomBytes(6).toString('hex')}`;
    const store = await openPostgresStore({
      connectionString: PG_URL,
      schema,
      maxConnections: options.maxConnections ?? 10,
      ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
      ...(options.batchHolds === undefined ? {} : { batchHolds: options.batchHolds }),
    });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropSchema({ connectionString: PG_URL, schema });
      },
    };
  },
};

async function probePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.end();
}

const pgReachable = wanted.has('postgres') && (await requireService('PostgreSQL', probePostgres));

/** The backends this run covers (BOXOFFICE_ADAPTERS filters; unreachable PostgreSQL skipped). */
export const BACKENDS: readonly Backend[] = [
  ...(pgReachable ? [postgres] : []),
  ...(wanted.has('pglite') ? [pglite] : []),
];

/** `describe(name, body)` once per backend; a placeholder skip when none is available. */
export function eachBackend(title: string, body: (backend: Backend) => void): void {
  if (BACKENDS.length === 0) {
    describe.skip(`${title} (no PostgreSQL backend available)`, () => it('skipped', () => undefined));
    return;
  }
  for (const backend of BACKENDS) describe(`${title} [${backend.name}]`, () => body(backend));
}

export { pgReachable };

let counter = 0;
/** A short unique id with the given prefix (`evt_...`), unique across files and runs. */
export function uid(prefix: string): string {
  counter++;
  return `${prefix}_${randomBytes(4).toString('hex')}${counter.toString(36)}`;
}
