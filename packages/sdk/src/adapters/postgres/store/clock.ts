import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { invalid } from '../../../domain/errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { toNumber } from '../schema/rows.js';

/** The store's clock: `bo_now()` in epoch milliseconds, and its test offset. */
type Db = Kysely<BoxOfficeDatabase>;

export async function storeNow(db: Db): Promise<number> {
  const { rows } = await sql<{ ms: string | number }>`
    SELECT (extract(epoch FROM bo_now()) * 1000)::int8 AS ms`.execute(db);
  return toNumber(rows[0]?.ms ?? Number.NaN);
}

/** Moves the store's clock forward for every connection at once (tests only). */
export async function advanceClock(db: Db, ms: number): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) throw invalid('ms', 'must be a non-negative number of milliseconds');
  await db
    .updateTable('bo_clock')
    .set({ offset_ms: sql<number>`offset_ms + ${Math.round(ms)}::int8` })
    .execute();
}
