import { BoxOfficeError } from './domain/errors.js';
import { MemoryStore } from './adapters/memory/memory-store.js';
import type { Store } from './ports/store.js';

/** The embedded store's default home: PGlite files under the working directory. */
export const DEFAULT_STORE = './.boxoffice';

/**
 * Opens the store a spec names — what `--store` / `BOXOFFICE_STORE` take:
 * - `memory`: the in-process memory store (gone when the process ends);
 * - `postgres://…` or `postgresql://…`: PostgreSQL, migrated to the latest schema; a `schema`
 *   query parameter (`…/db?schema=tenant_a`) keeps every table in that schema, and `pool`
 *   (`…/db?pool=32`, 1–200, default 10) sizes the process's connection pool;
 * - anything else: a directory holding the embedded PostgreSQL (PGlite), created and migrated
 *   on first use, locked against a second process.
 */
export async function openStore(spec: string = DEFAULT_STORE, options: { migrate?: boolean } = {}): Promise<Store> {
  const trimmed = spec.trim();
  if (trimmed === '') throw new BoxOfficeError('VALIDATION', 'store: must not be empty', { field: 'store' });
  if (trimmed === 'memory') return new MemoryStore();
  const pg = await import('./adapters/postgres/index.js');
  if (/^postgres(ql)?:\/\//.test(trimmed)) {
    const { connectionString: withPool, schema } = splitSchema(trimmed);
    const { connectionString, maxConnections } = splitPool(withPool);
    return pg.openPostgresStore({
      connectionString,
      migrate: options.migrate ?? true,
      ...(schema === undefined ? {} : { schema }),
      ...(maxConnections === undefined ? {} : { maxConnections }),
    });
  }
  return pg.openPgliteStore({ dataDir: trimmed, migrate: options.migrate ?? true });
}

/** Takes a `schema` query parameter out of a PostgreSQL URL (the driver would not know it). */
function splitSchema(url: string): { connectionString: string; schema?: string } {
  const match = /[?&]schema=([^&#]*)/.exec(url);
  if (!match) return { connectionString: url };
  const connectionString = url.replace(/([?&])schema=[^&#]*&?/, '$1').replace(/[?&]$/, '');
  return { connectionString, schema: decodeURIComponent(match[1]!) };
}

/** Takes a `pool` query parameter (the pool's size) out of a PostgreSQL URL. */
function splitPool(url: string): { connectionString: string; maxConnections?: number } {
  const match = /[?&]pool=([^&#]*)/.exec(url);
  if (!match) return { connectionString: url };
  const size = Number(match[1]);
  if (!Number.isInteger(size) || size < 1 || size > 200) {
    throw new BoxOfficeError('VALIDATION', `store: pool must be a whole number from 1 to 200, got ${match[1]}`, { field: 'store' });
  }
  const connectionString = url.replace(/([?&])pool=[^&#]*&?/, '$1').replace(/[?&]$/, '');
  return { connectionString, maxConnections: size };
}

/** A short human description of a store spec, for logs and the CLI's messages. */
export function describeStore(spec: string): string {
  if (spec === 'memory') return 'in-memory store (nothing is kept)';
  if (/^postgres(ql)?:\/\//.test(spec)) return `PostgreSQL at ${spec.replace(/\/\/[^@/]*@/, '//***@')}`;
  return `embedded PostgreSQL (PGlite) in ${spec}`;
}
