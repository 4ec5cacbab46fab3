import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { BoxOfficeError, isBoxOfficeError } from '../../domain/errors.js';
import { translateDbError } from './db-errors.js';
import { CANCEL_BOOKING_FUNCTION, CLAIM_IDEMPOTENCY_FUNCTION, CONFIRM_HOLD_FUNCTION } from './booking-sql.js';
import type { BoxOfficeDatabase } from './db-types.js';
import {
  FREE_HOLD_TICKETS_FUNCTION,
  RELEASE_HOLD_FUNCTION,
  SWEEP_EXPIRED_FUNCTION,
  TAKE_HOLD_FUNCTION,
} from './hold-sql.js';
import { TAKE_HOLD_FUNCTION_003, TAKE_HOLDS_FUNCTION } from './hold-batch-sql.js';
import { SCHEMA_STATEMENTS } from './schema-sql.js';
import { SEARCH_INDEX_STATEMENTS } from './search-indexes-sql.js';
import { SEARCH_MIGRATION } from './search-sql.js';
import { VOIDING_STATEMENTS } from './voiding-sql.js';
import { WEBHOOK_STATEMENTS } from './webhooks-sql.js';
import { INVENTORY_FUNCTIONS } from './inventory-sql.js';
import { REFUNDING_STATEMENTS } from './refunding-sql.js';
import { IDEMPOTENCY_LEASE_STATEMENTS } from './idempotency-lease-sql.js';
import { QUEUE_CONFIG_STATEMENTS } from './queue-config-sql.js';
import { SALES_WINDOW_STATEMENTS } from './sales-window-sql.js';
import { REFUND_DEADLINE_STATEMENTS } from './refund-deadline-sql.js';

/**
 * The migrations, in code (no files read from disk, so the bundled dist carries them).
 * kysely's Migrator runs the pending ones in one transaction under its own lock, so several
 * processes starting at once migrate once. Released migrations are never edited.
 */
function statements(list: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const statement of list) await sql.raw(statement).execute(db);
    },
  };
}

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001_tables': statements(SCHEMA_STATEMENTS),
  '002_functions': statements([
    TAKE_HOLD_FUNCTION,
    FREE_HOLD_TICKETS_FUNCTION,
    RELEASE_HOLD_FUNCTION,
    SWEEP_EXPIRED_FUNCTION,
    CONFIRM_HOLD_FUNCTION,
    CANCEL_BOOKING_FUNCTION,
    CLAIM_IDEMPOTENCY_FUNCTION,
  ]),
  '003_hold_batches': statements([TAKE_HOLD_FUNCTION_003, TAKE_HOLDS_FUNCTION]),
  '004_search': SEARCH_MIGRATION,
  '005_webhooks': statements(WEBHOOK_STATEMENTS),
  '006_search_indexes': statements(SEARCH_INDEX_STATEMENTS),
  '007_inventory': statements(INVENTORY_FUNCTIONS),
  '008_refunding': statements(REFUNDING_STATEMENTS),
  '009_idempotency_lease': statements(IDEMPOTENCY_LEASE_STATEMENTS),
  '010_queue_config': statements(QUEUE_CONFIG_STATEMENTS),
  '011_voiding': statements(VOIDING_STATEMENTS),
  '012_sales_windows': statements(SALES_WINDOW_STATEMENTS),
  '013_refund_deadline': statements(REFUND_DEADLINE_STATEMENTS),
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};

export interface MigrateOptions {
  /** Schema holding the tables and kysely's migration tables (default `public`). */
  readonly schema?: string;
}

/**
 * Brings the schema to the latest version. The connection's `search_path` must already name
 * `schema` first (the store's factories arrange it). Throws a BoxOfficeError on failure.
 */
export async function migrateToLatest(
  db: Kysely<BoxOfficeDatabase>,
  options: MigrateOptions = {},
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    // The Migrator is typed over Kysely<any>; our own tables play no part in its queries.
    db: db as unknown as Kysely<Record<string, never>>,
    provider: migrationProvider,
    migrationTableSchema: options.schema ?? 'public',
    migrationTableName: 'bo_migration',
    migrationLockTableName: 'bo_migration_lock',
  });
  let result = await migrator.migrateToLatest();
  // kysely's Migrator looks for its tables by listing every table of the database; a schema
  // another process drops at that moment (tests and benchmarks isolate by schema) makes that
  // listing fail with 3F000 for a schema that is not ours. Nothing was migrated: try again.
  for (let attempt = 0; attempt < 5 && isOtherSchemaVanished(result.error, options.schema ?? 'public'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    result = await migrator.migrateToLatest();
  }
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = result.error;
    const translated = translateDbError(cause);
    if (isBoxOfficeError(translated, 'UNAVAILABLE')) throw translated;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new BoxOfficeError('INTERNAL', `database migration ${failed ?? ''} failed: ${reason}`.replace('  ', ' '), {
      cause,
    });
  }
  return result;
}

function isOtherSchemaVanished(error: unknown, ours: string): boolean {
  if (error === undefined || (error as { code?: unknown }).code !== '3F000') return false;
  const message = error instanceof Error ? error.message : String(error);
  return !message.includes(`"${ours}"`);
}
