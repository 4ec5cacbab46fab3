import type pg from 'pg';
import type { Store } from '@boxoffice/sdk';

/** What a run claims it did to one event, checked against the database afterwards. */
export interface Expected {
  /** Holds the run was told succeeded and left ACTIVE (each of exactly `seatsPerHold` seats). */
  readonly activeHolds: number;
  /** Holds confirmed into bookings (their seats SOLD). */
  readonly confirmedHolds: number;
  /** Single tickets reserved outside any hold (baseline (a)). */
  readonly looseReserved: number;
  /** Ids of the holds reported successful, each of which must exist. */
  readonly holdIds: readonly string[];
  readonly seatsPerHold: number;
}

interface Row {
  reserved: number;
  sold: number;
  reserved_not_in_one_hold: number;
  claims_not_reserved: number;
  active_holds: number;
  confirmed_holds: number;
  holds_wrong_size: number;
  known_holds: number;
}

/**
 * Zero oversell, proven two ways: the store's audit (no ticket in two bookings, none SOLD
 * without its booking, no booking without its tickets, payments matched) and a SQL check that
 * every RESERVED ticket belongs to exactly one ACTIVE hold (the one it names), that every
 * ACTIVE hold owns exactly its tickets, and that the counts match what the clients were told.
 * Returns the problems found (none: the run is clean).
 */
export async function verifyEvent(pool: pg.Pool, store: Store, eventId: string, expected: Expected): Promise<string[]> {
  const { rows } = await pool.query<Row>(
    `WITH t AS MATERIALIZED (SELECT id, status, hold_id FROM tickets WHERE event_id = $1),
          h AS MATERIALIZED (SELECT id, status, ticket_ids FROM holds WHERE event_id = $1),
          claims AS (
            SELECT u.tid, count(*) AS n, min(h.id) AS hold_id
              FROM h, unnest(h.ticket_ids) AS u(tid) WHERE h.status = 'ACTIVE' GROUP BY u.tid),
          per_hold AS (SELECT hold_id, count(*) AS n FROM t WHERE status = 'RESERVED' GROUP BY hold_id)
     SELECT
       (SELECT count(*) FROM t WHERE status = 'RESERVED')::int4 AS reserved,
       (SELECT count(*) FROM t WHERE status = 'SOLD')::int4 AS sold,
       (SELECT count(*) FROM t LEFT JOIN claims c ON c.tid = t.id
         WHERE t.status = 'RESERVED' AND t.hold_id <> 'bench_a'
           AND (c.n IS DISTINCT FROM 1 OR c.hold_id IS DISTINCT FROM t.hold_id))::int4 AS reserved_not_in_one_hold,
       (SELECT count(*) FROM claims c LEFT JOIN t ON t.id = c.tid
         WHERE t.id IS NULL OR t.status <> 'RESERVED' OR t.hold_id IS DISTINCT FROM c.hold_id)::int4 AS claims_not_reserved,
       (SELECT count(*) FROM h WHERE status = 'ACTIVE')::int4 AS active_holds,
       (SELECT count(*) FROM h WHERE status = 'CONFIRMED')::int4 AS confirmed_holds,
       (SELECT count(*) FROM h LEFT JOIN per_hold p ON p.hold_id = h.id
         WHERE h.status = 'ACTIVE' AND (cardinality(h.ticket_ids) <> $2 OR coalesce(p.n, 0) <> $2))::int4 AS holds_wrong_size,
       (SELECT count(*) FROM h WHERE id = ANY ($3::text[]))::int4 AS known_holds`,
    [eventId, expected.seatsPerHold, expected.holdIds],
  );
  const r = rows[0]!;
  const problems: string[] = [];
  const want = (what: string, got: number, wanted: number) => {
    if (got !== wanted) problems.push(`${what}: ${got}, expected ${wanted}`);
  };
  want('RESERVED tickets', r.reserved, expected.activeHolds * expected.seatsPerHold + expected.looseReserved);
  want('SOLD tickets', r.sold, expected.confirmedHolds * expected.seatsPerHold);
  want('RESERVED tickets not in exactly one ACTIVE hold', r.reserved_not_in_one_hold, 0);
  want('ACTIVE hold claims on tickets it does not reserve', r.claims_not_reserved, 0);
  want('ACTIVE holds', r.active_holds, expected.activeHolds);
  want('CONFIRMED holds', r.confirmed_holds, expected.confirmedHolds);
  want(`ACTIVE holds without exactly ${expected.seatsPerHold} reserved tickets`, r.holds_wrong_size, 0);
  want('successful holds found in the database', r.known_holds, expected.holdIds.length);
  const audit = await store.audit(eventId);
  if (!audit.ok) {
    const { ok: _ok, ...rest } = audit;
    problems.push(`audit failed: ${JSON.stringify(rest).slice(0, 300)}`);
  }
  return problems;
}
