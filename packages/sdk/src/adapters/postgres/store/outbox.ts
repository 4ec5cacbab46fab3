import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { OutboxMessage } from '../../../domain/types.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { outboxFromRow } from '../schema/rows.js';

/** The transactional outbox: rows are written by confirm/cancel; this reads and marks them. */
type Db = Kysely<BoxOfficeDatabase>;

/** Oldest first, in commit-assigned sequence order. */
export async function listOutbox(db: Db, options: { undispatchedOnly: boolean; limit: number }): Promise<OutboxMessage[]> {
  let query = db
    .selectFrom('outbox')
    .select(['id', 'topic', 'aggregate_id', 'payload', 'created_at', 'dispatched_at']);
  if (options.undispatchedOnly) query = query.where('dispatched_at', 'is', null);
  const rows = await query.orderBy('created_at').orderBy('seq').limit(Math.max(0, options.limit)).execute();
  return rows.map(outboxFromRow);
}

/** Marks messages dispatched (by the store's clock); already-dispatched ones keep their time. */
export async function markDispatched(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ dispatched_at: sql<string>`bo_now()` })
    .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
    .where('dispatched_at', 'is', null)
    .execute();
}
