import type pg from 'pg';
import type { BoxOffice, Ticket } from '@boxoffice/sdk';
import { HotSupply, runLoad, seeded, type LoadResult, type Outcome } from './load.js';
import type { Expected } from './verify.js';

/**
 * The contenders of `pnpm bench holds`, each a closed loop of `workers` concurrent clients on
 * its own fresh event, fed the same hot request stream (seats handed out in order; a share
 * `overlap` of requests repeat seats just handed to someone else and must be refused).
 */
export interface LoadOptions {
  readonly workers: number;
  readonly seconds: number;
  readonly overlap: number;
  readonly seed: number;
}

export interface Run {
  readonly load: LoadResult;
  readonly expected: Expected;
}

export interface Pair {
  readonly ids: readonly [string, string];
  readonly total: number;
  readonly currency: string;
}

/** Adjacent pairs of seats, row by row: seats (1,2), (3,4), ... of every row. */
export function adjacentPairs(tickets: readonly Ticket[]): Pair[] {
  const pairs: Pair[] = [];
  let prev: Ticket | undefined;
  for (const t of tickets) {
    if (prev && prev.section === t.section && prev.row === t.row && prev.seat !== null && t.seat === (prev.seat ?? 0) + 1) {
      pairs.push({ ids: [prev.id, t.id], total: prev.price + t.price, currency: t.currency });
      prev = undefined;
    } else {
      prev = t;
    }
  }
  return pairs;
}

const code = (error: unknown) => (error as { code?: unknown }).code;

/** Ours: `bo.holds.create` through the services (event check, per-user cap on, store's takeHold). */
export async function serviceHolds(bo: BoxOffice, eventId: string, pairs: readonly Pair[], o: LoadOptions, tag: string): Promise<Run> {
  const supply = new HotSupply(pairs, o.overlap, seeded(o.seed));
  const holdIds: string[] = [];
  let n = 0;
  const load = await runLoad({
    workers: o.workers,
    seconds: o.seconds,
    attempt: async (): Promise<Outcome> => {
      const next = supply.take();
      if (!next) return 'done';
      try {
        const hold = await bo.holds.create({ eventId, ticketIds: [...next.item.ids] }, { userId: `${tag}-${n++}` });
        holdIds.push(hold.id);
        return 'ok';
      } catch (error) {
        if (code(error) === 'SEAT_UNAVAILABLE') return 'refused';
        throw error;
      }
    },
  });
  return { load, expected: { activeHolds: holdIds.length, confirmedHolds: 0, looseReserved: 0, holdIds, seatsPerHold: 2 } };
}

/** Ours, to the end: hold two seats, then confirm with `tok_visa` through the test gateway. */
export async function serviceConfirms(bo: BoxOffice, eventId: string, pairs: readonly Pair[], o: LoadOptions, tag: string): Promise<Run> {
  const supply = new HotSupply(pairs, o.overlap, seeded(o.seed));
  const holdIds: string[] = [];
  let stillHeld = 0;
  let n = 0;
  const load = await runLoad({
    workers: o.workers,
    seconds: o.seconds,
    attempt: async (): Promise<Outcome> => {
      const next = supply.take();
      if (!next) return 'done';
      const userId = `${tag}-${n++}`;
      let holdId: string;
      try {
        holdId = (await bo.holds.create({ eventId, ticketIds: [...next.item.ids] }, { userId })).id;
      } catch (error) {
        if (code(error) === 'SEAT_UNAVAILABLE') return 'refused';
        throw error;
      }
      holdIds.push(holdId);
      try {
        await bo.bookings.confirm({ holdId, paymentDetails: { token: 'tok_visa' } }, { userId });
        return 'ok';
      } catch (error) {
        stillHeld++;
        throw error;
      }
    },
  });
  const confirmed = holdIds.length - stillHeld;
  return { load, expected: { activeHolds: stillHeld, confirmedHolds: confirmed, looseReserved: 0, holdIds, seatsPerHold: 2 } };
}

/** Baseline (a): one single-row conditional UPDATE per operation, autocommit, prepared. */
export async function plainUpdates(pool: pg.Pool, tickets: readonly string[], o: LoadOptions, tag: string): Promise<Run> {
  const supply = new HotSupply(tickets, o.overlap, seeded(o.seed));
  let n = 0;
  const load = await runLoad({
    workers: o.workers,
    seconds: o.seconds,
    attempt: async (): Promise<Outcome> => {
      const next = supply.take();
      if (!next) return 'done';
      const r = await pool.query({
        name: 'bench_a_update',
        text: `UPDATE tickets SET status = 'RESERVED', hold_id = 'bench_a', holder_id = $2,
                      reserved_until = now() + interval '10 minutes', version = version + 1
                WHERE id = $1 AND status = 'AVAILABLE'`,
        values: [next.item, `${tag}-${n++}`],
      });
      return r.rowCount === 1 ? 'ok' : 'refused';
    },
  });
  return { load, expected: { activeHolds: 0, confirmedHolds: 0, looseReserved: load.ok, holdIds: [], seatsPerHold: 2 } };
}

/**
 * Baseline (b): the same 2-seat holds serialised by one per-event advisory lock, the way some
 * open-source ticketing engines guard an event: BEGIN; lock; SELECT ... FOR UPDATE; check;
 * UPDATE; INSERT the hold; COMMIT. Prepared statements, no per-user cap (both favour it).
 */
export async function advisoryHolds(pool: pg.Pool, eventId: string, pairs: readonly Pair[], o: LoadOptions, tag: string): Promise<Run> {
  const supply = new HotSupply(pairs, o.overlap, seeded(o.seed));
  const holdIds: string[] = [];
  let n = 0;
  const load = await runLoad({
    workers: o.workers,
    seconds: o.seconds,
    attempt: async (): Promise<Outcome> => {
      const next = supply.take();
      if (!next) return 'done';
      const ids = [...next.item.ids];
      const i = n++;
      const holdId = `hld_${tag}${i.toString(36)}`;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query({ name: 'bench_b_lock', text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', values: [eventId] });
        const seats = await client.query<{ id: string; takeable: boolean }>({
          name: 'bench_b_select',
          text: `SELECT id, (status = 'AVAILABLE' OR (status = 'RESERVED' AND reserved_until <= now())) AS takeable
                   FROM tickets WHERE id = ANY ($1::text[]) AND event_id = $2 ORDER BY id FOR UPDATE`,
          values: [ids, eventId],
        });
        if (seats.rows.length !== ids.length || !seats.rows.every((r) => r.takeable)) {
          await client.query('ROLLBACK');
          return 'refused';
        }
        await client.query({
          name: 'bench_b_update',
          text: `UPDATE tickets SET status = 'RESERVED', hold_id = $2, holder_id = $3, booking_id = NULL,
                        reserved_until = now() + interval '10 minutes', version = version + 1
                  WHERE id = ANY ($1::text[])`,
          values: [ids, holdId, `${tag}-${i}`],
        });
        await client.query({
          name: 'bench_b_insert',
          text: `INSERT INTO holds (id, event_id, user_id, ticket_ids, total, currency, status, expires_at, created_at)
                 VALUES ($1, $2, $3, $4::text[], $5, $6, 'ACTIVE', now() + interval '10 minutes', now())`,
          values: [holdId, eventId, `${tag}-${i}`, ids, next.item.total, next.item.currency],
        });
        await client.query('COMMIT');
        holdIds.push(holdId);
        return 'ok';
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  });
  return { load, expected: { activeHolds: holdIds.length, confirmedHolds: 0, looseReserved: 0, holdIds, seatsPerHold: 2 } };
}
