import type { Migration, MigrationProvider } from 'kysely';
import { migration as tables } from './001-tables.js';
import { migration as functions } from './002-functions.js';
import { migration as holdBatches } from './003-hold-batches.js';
import { migration as search } from './004-search.js';
import { migration as webhooks } from './005-webhooks.js';
import { migration as searchIndexes } from './006-search-indexes.js';
import { migration as inventory } from './007-inventory.js';
import { migration as refunding } from './008-refunding.js';
import { migration as idempotencyLease } from './009-idempotency-lease.js';
import { migration as queueConfig } from './010-queue-config.js';
import { migration as voiding } from './011-voiding.js';
import { migration as salesWindows } from './012-sales-windows.js';
import { migration as refundDeadline } from './013-refund-deadline.js';

/**
 * Every migration, in the order they run, by the id each database records in `bo_migration`
 * once it ran (kysely's Migrator orders them by id). The migrations are code, not files read
 * from disk, so the bundled dist carries them. A released migration is never edited nor
 * renamed: a database migrated by an earlier release would run it again, or a fresh one
 * would differ from it (test/postgres/migrations.test.ts pins every id and its SQL text). A
 * change is a new file, `NNN-what.ts`, added here with the next id.
 *
 * Where each SQL function is defined now (the latest migration that creates or replaces it);
 * an earlier text stays in its migration, as history a fresh database replays:
 *
 *   bo_now                              001
 *   bo_take_hold                        003 (from 002's text, one filter dropped)
 *   bo_take_holds                       003
 *   bo_free_hold_tickets, bo_release_hold, bo_sweep_expired   002
 *   bo_confirm_hold                     012 (from 002's text, the sales-window check added)
 *   bo_cancel_booking                   013 (from 008's, from 002's; 013 drops the old signature)
 *   bo_claim_idempotency                002 (no longer called: the store uses 009's lease)
 *   bo_claim_idempotency_lease          009
 *   bo_block_tickets, bo_unblock_tickets, bo_reprice_tickets  007
 *   bo_search_* and bo_bump_catalog_version (triggers)        004
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001_tables': tables,
  '002_functions': functions,
  '003_hold_batches': holdBatches,
  '004_search': search,
  '005_webhooks': webhooks,
  '006_search_indexes': searchIndexes,
  '007_inventory': inventory,
  '008_refunding': refunding,
  '009_idempotency_lease': idempotencyLease,
  '010_queue_config': queueConfig,
  '011_voiding': voiding,
  '012_sales_windows': salesWindows,
  '013_refund_deadline': refundDeadline,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
