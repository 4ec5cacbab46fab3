import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AvailabilitySummary } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { toNumber } from '../schema/rows.js';

/**
 * What a search index kept outside the database (lunr) reads from the store: the catalog's
 * version (migration 004's counter, bumped by triggers) and each event's availability.
 */
type Db = Kysely<BoxOfficeDatabase>;

export async function catalogVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ version: string | number }>`SELECT version FROM bo_catalog_version`.execute(db);
  return toNumber(rows[0]?.version ?? 0);
}

interface SummaryRow {
  event_id: string;
  available: number;
  min_price: string | number | null;
}

/**
 * Availability per event with expiry applied by the store's clock (events without tickets
 * omitted). Named events are read one by one on the (event_id, ordinal) index: an `= ANY(...)`
 * over the tickets table was planned as a sequential scan of every ticket when the table's
 * statistics were missing (PGlite has no autovacuum): 8.6 s for 250 events of 10 M tickets.
 */
export async function summarizeAvailability(db: Db, eventIds?: readonly string[]): Promise<AvailabilitySummary[]> {
  const ok = sql`(t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= c.now))`;
  const { rows } =
    eventIds === undefined
      ? await sql<SummaryRow>`
          SELECT t.event_id, count(*) FILTER (WHERE ${ok})::int AS available, min(t.price) FILTER (WHERE ${ok}) AS min_price
            FROM tickets t CROSS JOIN (SELECT bo_now() AS now) c
           GROUP BY t.event_id`.execute(db)
      : await sql<SummaryRow>`
          SELECT e.id AS event_id, a.available, a.min_price
            FROM unnest(${[...eventIds]}::text[]) AS e(id)
            CROSS JOIN (SELECT bo_now() AS now) c
            CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE ${ok})::int AS available, min(t.price) FILTER (WHERE ${ok}) AS min_price, count(*) AS tickets
                FROM tickets t WHERE t.event_id = e.id) a
           WHERE a.tickets > 0`.execute(db);
  return rows.map((r) => ({ eventId: r.event_id, available: r.available, minPrice: r.min_price === null ? null : toNumber(r.min_price) }));
}
