import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * Availability columns of `event_search`, recomputed from the tickets (expiry applied by the
 * store's clock). Never run by a trigger on ticket updates: the hold path stays one write.
 */
const AVAILABLE = sql`(t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= c.now))`;

export async function refreshAvailability(db: QueryExecutorProvider, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`
    UPDATE event_search s
       SET available = coalesce(a.available, 0), min_price = a.min_price, availability_at = now()
      FROM (SELECT id FROM unnest(${[...eventIds]}::text[]) AS id) e
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE ${AVAILABLE})::int AS available, min(t.price) FILTER (WHERE ${AVAILABLE}) AS min_price
          FROM tickets t, (SELECT bo_now() AS now) c WHERE t.event_id = e.id) a ON true
     WHERE s.event_id = e.id`.execute(db);
}

/** The `limit` rows refreshed longest ago; rows another process is refreshing are skipped. */
export async function refreshStalest(db: QueryExecutorProvider, limit: number): Promise<void> {
  await sql`
    WITH stale AS (SELECT event_id FROM event_search ORDER BY availability_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    UPDATE event_search s
       SET available = coalesce(a.available, 0), min_price = a.min_price, availability_at = now()
      FROM stale
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE ${AVAILABLE})::int AS available, min(t.price) FILTER (WHERE ${AVAILABLE}) AS min_price
          FROM tickets t, (SELECT bo_now() AS now) c WHERE t.event_id = stale.event_id) a ON true
     WHERE s.event_id = stale.event_id`.execute(db);
}
