import { Migrator, sql } from 'kysely';
import type { Kysely, MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateToLatest, type BoxOfficeDatabase } from '../../src/adapters/postgres/index.js';
import { eachBackend, type Backend } from './harness.js';
import { migrationFingerprint } from './recording-db.js';

/**
 * The migrations as released. Their ids are recorded in every migrated database's
 * `bo_migration` table, and their SQL is what a fresh database replays: neither may change.
 * The fingerprints were taken from the code as released (before the adapter was split into
 * folders, commit 7ee06bb); a new migration adds a line here, an edit to an old one fails.
 */
const RELEASED: ReadonlyArray<readonly [id: string, statements: number, sha256: string]> = [
  ['001_tables', 24, '31d1aaa3b6a6b8309f38cc9e704306a7f455c63e97e362fe827f75c91e3f6695'],
  ['002_functions', 7, '919ae8a7d6069ef876a9cec21c0b0a77e918b4233547e7f61da22c9ecc39f872'],
  ['003_hold_batches', 2, '8055caae05e178964ddbce4355cff01fb34b62ffcc53093c8239449dce084350'],
  ['004_search', 32, 'cca23bd97fcf1a2ca0b418d9a9f81e376cfec40fcd93f0d37534a15b94cd02e3'],
  ['005_webhooks', 5, '10b58122977c4fa4fed3ce5bd7d5ef0a515ac21c8449f13c34ed337d5e4b253c'],
  ['006_search_indexes', 8, '460405dec7d5fbc1102657049e18d14362987ad35080ca36d39fad3222d0308d'],
  ['007_inventory', 3, '980efbfb41ef09d0b72fa7614f57b20c011215ab4f46cc6b14d251cb3c5b948d'],
  ['008_refunding', 3, 'd8a461f49697b512087ce270c39d20631aecfaeb73fb123796fb14803e29eff5'],
  ['009_idempotency_lease', 2, '017a6947102d3e5e557000357d5a7db9e3b1c5f53ef0d200eb466332ec31f1a0'],
  ['010_queue_config', 2, '37b27406ba7aa0f34be912cec7ead2fcc132c8b0b0f775d909d7cab5005f6879'],
  ['011_voiding', 2, '786fe2b1b4c0a9c5814b7f6bd79902792d12141266e1bc48a731de3e18413ab8'],
  ['012_sales_windows', 4, '8a69d309ce9c6002478c54b049483300a4825857cb2c72752aaa3bb12c70d169'],
  ['013_refund_deadline', 2, '8a7f68e2907005981db1a374404aaefab20759c800bbbd29cbf3dc2b690be7f5'],
];
const RELEASED_IDS = RELEASED.map(([id]) => id);
/** Migration 004 where pg_trgm is missing (no trigram index), as released. */
const SEARCH_WITHOUT_TRGM = { statements: 32, sha256: 'b81631cba51c12092e1138d500ed89583efdea3216fffd7da4edd5d2957a87d0' };

describe('the migration registry', () => {
  it('lists the released ids, in order, and nothing else', () => {
    expect(Object.keys(MIGRATIONS)).toEqual(RELEASED_IDS);
  });

  it.each(RELEASED)('%s runs the SQL it was released with', async (id, statements, sha256) => {
    expect(await migrationFingerprint(MIGRATIONS[id]!)).toEqual({ statements, sha256 });
  });

  it('004_search without pg_trgm runs the SQL it was released with', async () => {
    expect(await migrationFingerprint(MIGRATIONS['004_search']!, null)).toEqual(SEARCH_WITHOUT_TRGM);
  });
});

/** kysely's Migrator on the store's tables (names recorded in every database: never change them). */
function migrator(db: Kysely<unknown>, provider: MigrationProvider, schema: string | undefined): Migrator {
  return new Migrator({
    db: db as Kysely<Record<string, never>>,
    provider,
    migrationTableSchema: schema ?? 'public',
    migrationTableName: 'bo_migration',
    migrationLockTableName: 'bo_migration_lock',
  });
}

async function recordedIds(db: Kysely<unknown>, provider: MigrationProvider, schema: string | undefined): Promise<string[]> {
  return (await migrator(db, provider, schema).getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

const registry: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

eachBackend('migrating a database', (backend: Backend) => {
  it('records the released ids, then finds nothing pending and re-runs nothing', async () => {
    const opened = await backend.open();
    try {
      const db = opened.store.db as unknown as Kysely<unknown>;
      const schema = await currentSchema(opened.store.db);
      expect(await recordedIds(db, registry, schema)).toEqual(RELEASED_IDS);
      const again = await migrateToLatest(opened.store.db, { schema });
      expect(again.error).toBeUndefined();
      expect(again.results).toEqual([]);
    } finally {
      await opened.cleanup();
    }
  });

  it('a database an earlier release migrated to 012 runs exactly 013 next', async () => {
    const opened = await backend.open({ migrate: false });
    try {
      const db = opened.store.db as unknown as Kysely<unknown>;
      const schema = await currentSchema(opened.store.db);
      const upTo012: MigrationProvider = {
        getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).filter(([id]) => id < '013')),
      };
      const first = await migrator(db, upTo012, schema).migrateToLatest();
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.migrationName)).toEqual(RELEASED_IDS.slice(0, 12));
      const next = await migrateToLatest(opened.store.db, { schema });
      expect(next.error).toBeUndefined();
      expect(next.results).toEqual([{ migrationName: '013_refund_deadline', direction: 'Up', status: 'Success' }]);
      expect(await recordedIds(db, registry, schema)).toEqual(RELEASED_IDS);
    } finally {
      await opened.cleanup();
    }
  });
});

/** The schema the store's tables live in (a random one on PostgreSQL, `public` on PGlite). */
async function currentSchema(db: Kysely<BoxOfficeDatabase>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  return rows[0]!.schema;
}
