import { sql, type Kysely } from 'kysely';
import type { SeatAvailability } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';

interface AvailabilityRow {
  size: number;
  flags: string | null;
  price_sum: string | null;
  price_weighted: string | null;
}

/**
 * Best-available's per-hold read: one row holding every ticket's availability as a string of
 * '1'/'0' in ordinal order (the order of `getSnapshot`), instead of 50,000 rows of seat facts.
 *
 * The layout version: a ticket's place never changes after creation in this schema, so only
 * prices can invalidate a layout; they are fingerprinted by two sums (plain, and weighted by
 * position), which any single reprice changes. A set of reprices that kept both sums equal
 * would go unseen; no such writer exists.
 */
export async function getAvailability(db: Kysely<BoxOfficeDatabase>, eventId: string): Promise<SeatAvailability | null> {
  const { rows } = await sql<AvailabilityRow>`
    SELECT count(*)::int AS size,
           string_agg(CASE WHEN t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= c.now) THEN '1' ELSE '0' END,
                      '' ORDER BY t.ordinal) AS flags,
           sum(t.price)::text AS price_sum,
           sum(t.price::numeric * (t.ordinal + 1))::text AS price_weighted
      FROM tickets t, (SELECT bo_now() AS now) c
     WHERE t.event_id = ${eventId}`.execute(db);
  const row = rows[0];
  if (!row || row.size === 0 || row.flags === null) return null;
  const flags = row.flags;
  const available = new Uint32Array(Math.ceil(row.size / 32));
  for (let i = 0; i < row.size; i++) {
    if (flags.charCodeAt(i) === 49 /* '1' */) available[i >>> 5] = available[i >>> 5]! | (1 << (i & 31));
  }
  return { layoutVersion: `${eventId}:${row.size}:${row.price_sum}:${row.price_weighted}`, size: row.size, available };
}
