import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { BoxOfficeError, invalid } from '../../../domain/errors.js';
import type { Hold } from '../../../domain/types.js';
import type { FreedHold, TakeHoldRequest, TakeHoldResult } from '../../../ports/store.js';
import { SQL_CODE, sqlCodeName } from '../schema/sql-codes.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { field, holdFromRow, toIso, toNumber } from '../schema/rows.js';

/** Holds: take (one call of `bo_take_hold`), read, release, sweep. */
type Db = Kysely<BoxOfficeDatabase>;

/** The distinct ticket ids of a request, after the checks every take makes before any I/O. */
export function checkTakeHold(req: TakeHoldRequest): string[] {
  const ids = [...new Set(req.ticketIds)];
  if (ids.length === 0) throw invalid('ticketIds', 'must name at least one ticket');
  if (!Number.isInteger(req.ttlSeconds) || req.ttlSeconds <= 0) throw invalid('ttlSeconds', 'must be a positive integer');
  return ids;
}

export async function takeHold(db: Db, req: TakeHoldRequest): Promise<TakeHoldResult> {
  const ids = checkTakeHold(req);
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_take_hold(${req.holdId}, ${req.eventId}, ${req.userId}, ${ids}::text[],
                        ${req.ttlSeconds}::int4, ${req.maxTicketsPerUser}::int4) AS r`.execute(db);
  const r = rows[0]?.r;
  if (!r) throw new BoxOfficeError('INTERNAL', 'bo_take_hold returned no row');
  return takeHoldResult(req, r);
}

/** One `{code, ...}` answer of `bo_take_hold` (or one element of `bo_take_holds`) as a result. */
export function takeHoldResult(req: TakeHoldRequest, r: Record<string, unknown>): TakeHoldResult {
  const code = field<number>(r, 'code');
  switch (code) {
    case SQL_CODE.OK:
      return {
        ok: true,
        hold: {
          id: req.holdId,
          eventId: req.eventId,
          userId: req.userId,
          ticketIds: field<string[]>(r, 'ticket_ids'),
          total: toNumber(field<number>(r, 'total')),
          currency: field<string>(r, 'currency'),
          status: 'ACTIVE',
          expiresAt: toIso(field<string>(r, 'expires_at')),
          createdAt: toIso(field<string>(r, 'created_at')),
        },
      };
    case SQL_CODE.SEAT_UNAVAILABLE:
      return { ok: false, reason: 'SEAT_UNAVAILABLE', unavailable: field<string[]>(r, 'ids') };
    case SQL_CODE.LIMIT_EXCEEDED:
      return { ok: false, reason: 'LIMIT_EXCEEDED', owned: field<number>(r, 'owned') };
    case SQL_CODE.NOT_FOUND:
      return { ok: false, reason: 'NOT_FOUND', missing: field<string[]>(r, 'ids') };
    default:
      throw new BoxOfficeError('INTERNAL', `bo_take_hold returned ${sqlCodeName(code)}`);
  }
}

/** Holds' columns, with an ACTIVE hold past its expiry (store clock) reported as EXPIRED. */
function selectHolds(db: Db) {
  return db
    .selectFrom('holds')
    .select([
      'id',
      'event_id',
      'user_id',
      'ticket_ids',
      'total',
      'currency',
      sql<Hold['status']>`CASE WHEN status = 'ACTIVE' AND expires_at <= bo_now() THEN 'EXPIRED' ELSE status END`.as(
        'status',
      ),
      'expires_at',
      'created_at',
    ]);
}

export type HoldRow = Awaited<ReturnType<ReturnType<typeof selectHolds>['executeTakeFirstOrThrow']>>;

/** The hold, with an ACTIVE hold past its expiry (store clock) reported as EXPIRED. */
export async function getHold(db: Db, id: string): Promise<Hold | null> {
  const row = await selectHolds(db).where('id', '=', id).executeTakeFirst();
  return row ? holdFromRow(row) : null;
}

/** Several holds in one query (the confirms of concurrent buyers), by id. */
export async function getHoldRows(db: Db, ids: readonly string[]): Promise<Map<string, HoldRow>> {
  const rows = await selectHolds(db).where('id', '=', sql<string>`ANY (${[...ids]}::text[])`).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

interface FreedRow {
  o_hold_id: string;
  o_event_id: string;
  o_ticket_ids: string[];
}

function freedFromRow(r: FreedRow): FreedHold {
  return {
    holdId: r.o_hold_id,
    eventId: r.o_event_id,
    changes: r.o_ticket_ids.map((ticketId) => ({ ticketId, status: 'AVAILABLE' as const })),
  };
}

export async function releaseHold(db: Db, holdId: string): Promise<FreedHold | null> {
  const { rows } = await sql<FreedRow>`SELECT * FROM bo_release_hold(${holdId})`.execute(db);
  const row = rows[0];
  return row ? freedFromRow(row) : null;
}

export async function sweepExpired(db: Db, limit: number): Promise<FreedHold[]> {
  if (!Number.isInteger(limit) || limit <= 0) return [];
  const { rows } = await sql<FreedRow>`SELECT * FROM bo_sweep_expired(${limit}::int4)`.execute(db);
  return rows.map(freedFromRow);
}
