// The embedded store's opener, apart from the node-postgres one (open-postgres.ts): each of the two
// imports only its own driver, so an integrator installs only the one it uses.
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import { translated } from './db-errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { acquireDirectoryLock } from './lock-file.js';
import type { DirectoryLock } from './lock-file.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { PgliteDialect } from './pglite-dialect.js';
import { PGLITE_EXTENSIONS } from './pglite-extensions.js';
import { PostgresStore } from '../store/postgres-store.js';

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
