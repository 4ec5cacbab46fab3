import { dirname, join } from 'node:path';
import { BoxOfficeError } from './domain/errors.js';
import { MemoryStore } from './adapters/memory/memory-store.js';
import { loadBackend } from './optional-backend.js';
import type { Store } from './ports/store.js';

/** The embedded store's default home: PGlite files under the working directory. */
export const DEFAULT_STORE = './.boxoffice';

/**
 * Opens the store a spec names — what `--store` / `BOXOFFICE_STORE` take:
 * - `memory`: the in-process memory store (gone when the process ends);
 * - `postgres://…` or `postgresql://…`: PostgreSQL, migrated to the latest schema; a `schema`
 *   query parameter (`…/db?schema=tenant_a`) keeps every table in that schema; `pool` (1–200,
 *   default 10) sizes the process's connection pool; `lock_timeout_ms`, `statement_timeout_ms`
 *   and `connect_timeout_ms` set the store's timeouts (see openPostgresStore);
 * - anything else: a directory holding the embedded PostgreSQL (PGlite), created and migrated
 *   on first use, locked against a second process.
 * The PostgreSQL and PGlite adapters load only when named, from their optional peer packages;
 * when those are missing the UNAVAILABLE error says what to install (see optional-backend.ts).
 */
export async function openStore(spec: string = DEFAULT_STORE, options: { migrate?: boolean } = {}): Promise<Store> {
  const trimmed = spec.trim();
  if (trimmed === '') throw new BoxOfficeError('VALIDATION', 'store: must not be empty', { field: 'store' });
  if (trimmed === 'memory') return new MemoryStore();
  if (/^postgres(ql)?:\/\//.test(trimmed)) {
    const { connectionString, params } = splitStoreParams(trimmed);
    const pg = await loadBackend('postgres', () => import('./adapters/postgres/index.js'));
    return pg.openPostgresStore({
      connectionString,
      migrate: options.migrate ?? true,
      ...(params.schema === undefined ? {} : { schema: params.schema }),
      ...poolSize(params.pool),
      ...millis('lock_timeout_ms', params.lock_timeout_ms, 'lockTimeoutMs'),
      ...millis('statement_timeout_ms', params.statement_timeout_ms, 'statementTimeoutMs'),
      ...millis('connect_timeout_ms', params.connect_timeout_ms, 'connectTimeoutMs'),
    });
  }
  const pglite = await loadBackend('pglite', () => import('./adapters/postgres/pglite.js'));
  return pglite.openPgliteStore({ dataDir: trimmed, migrate: options.migrate ?? true });
}

/** The store's own query parameters of a PostgreSQL URL (the driver would not know them). */
const STORE_PARAMS = ['schema', 'pool', 'lock_timeout_ms', 'statement_timeout_ms', 'connect_timeout_ms'] as const;
type StoreParam = (typeof STORE_PARAMS)[number];

function splitStoreParams(url: string): { connectionString: string; params: Partial<Record<StoreParam, string>> } {
  const params: Partial<Record<StoreParam, string>> = {};
  let connectionString = url;
  for (const name of STORE_PARAMS) {
    const match = new RegExp(`[?&]${name}=([^&#]*)`).exec(connectionString);
    if (!match) continue;
    params[name] = decodeURIComponent(match[1]!);
    connectionString = connectionString.replace(new RegExp(`([?&])${name}=[^&#]*&?`), '$1').replace(/[?&]$/, '');
  }
  return { connectionString, params };
}

/** The pool's size from the `pool` parameter, or a VALIDATION error. */
function poolSize(value: string | undefined): { maxConnections?: number } {
  if (value === undefined) return {};
  const size = Number(value);
  if (!/^\d{1,3}$/.test(value) || size < 1 || size > 200) {
    throw new BoxOfficeError('VALIDATION', `store: pool must be a whole number from 1 to 200, got ${value}`, { field: 'store' });
  }
  return { maxConnections: size };
}

/** A whole number of milliseconds from a URL parameter, or a VALIDATION error naming it. */
function millis<K extends string>(param: string, value: string | undefined, key: K): Partial<Record<K, number>> {
  if (value === undefined) return {};
  if (!/^\d{1,9}$/.test(value)) throw new BoxOfficeError('VALIDATION', `store: ${param} must be a whole number of milliseconds`, { field: 'store' });
  return { [key]: Number(value) } as Partial<Record<K, number>>;
}

/** The saved search index's file name inside an embedded store's directory (beside its lock file). */
export const SEARCH_INDEX_FILE = 'boxoffice-search-index.bin';

/**
 * Its name before format 3 made it binary: still loaded when the new name holds no index (a
 * store saved by an older version starts without a rebuild), removed once saved under the new.
 */
export const LEGACY_SEARCH_INDEX_FILE = 'boxoffice-search-index.jsonl';

/**
 * Where the lunr index of the store a spec names is saved between processes: a file in the
 * embedded store's directory (so it goes wherever the data goes); undefined for memory (nothing
 * outlives the process) and PostgreSQL (several hosts: each process builds its own).
 */
export function searchIndexPathOf(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === 'memory' || /^postgres(ql)?:\/\//.test(trimmed)) return undefined;
  return join(trimmed, SEARCH_INDEX_FILE);
}

/** The older names the index of the store a spec names may be saved under (see `searchIndexPathOf`). */
export function legacySearchIndexPathsOf(spec: string): string[] {
  const path = searchIndexPathOf(spec);
  return path === undefined ? [] : [join(dirname(path), LEGACY_SEARCH_INDEX_FILE)];
}

/** A short human description of a store spec, for logs and the CLI's messages. */
export function describeStore(spec: string): string {
  if (spec === 'memory') return 'in-memory store (nothing is kept)';
  if (/^postgres(ql)?:\/\//.test(spec)) return `PostgreSQL at ${spec.replace(/\/\/[^@/]*@/, '//***@')}`;
  return `embedded PostgreSQL (PGlite) in ${spec}`;
}
