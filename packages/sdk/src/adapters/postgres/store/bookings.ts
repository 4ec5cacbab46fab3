import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import type { SalesBlock } from '../../../domain/sales-window.js';
import type { Booking, Event, Payment, PaymentStatus } from '../../../domain/types.js';
import type { CancelRequest, CancelResult, ConfirmRequest, ConfirmResult, PaymentChange } from '../../../ports/store.js';
import { SQL_CODE, sqlCodeName } from '../schema/sql-codes.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { bookingFromRow, field, paymentFromRow, toIso, toNumber } from '../schema/rows.js';

/** Payments and bookings: confirm and cancel are one call of their SQL function each. */
type Db = Kysely<BoxOfficeDatabase>;

export async function createPayment(db: Db, p: Payment): Promise<void> {
  await db.insertInto('payments').values(paymentRow(p)).execute();
}

/** A payment as its table's row (shared with the grouped insert). */
export function paymentRow(p: Payment) {
  return {
    id: p.id,
    hold_id: p.holdId,
    user_id: p.userId,
    booking_id: p.bookingId,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    gateway_reference: p.gatewayReference,
    failure_reason: p.failureReason,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** Compare-and-set on the status; `updated_at` takes the store's clock. */
export async function updatePayment(
  db: Db,
  id: string,
  change: PaymentChange,
): Promise<boolean> {
  if (change.from.length === 0) return false;
  if (change.outbox) return updatePaymentWithMessage(db, id, change, change.outbox);
  const result = await db
    .updateTable('payments')
    .set({
      status: change.status,
      updated_at: sql<string>`bo_now()`,
      ...(change.gatewayReference === undefined ? {} : { gateway_reference: change.gatewayReference }),
      ...(change.failureReason === undefined ? {} : { failure_reason: change.failureReason }),
    })
    .where('id', '=', id)
    .where('status', '=', sql<PaymentStatus>`any(${[...change.from]}::text[])`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The payment's change and its outbox message, in one statement (so one transaction). */
async function updatePaymentWithMessage(db: Db, id: string, change: PaymentChange, message: NonNullable<PaymentChange['outbox']>): Promise<boolean> {
  const { rows } = await sql<{ moved: number }>`
    WITH moved AS (
      UPDATE payments
         SET status = ${change.status}, updated_at = bo_now(),
             gateway_reference = coalesce(${change.gatewayReference ?? null}::text, gateway_reference),
             failure_reason = coalesce(${change.failureReason ?? null}::text, failure_reason)
       WHERE id = ${id} AND status = any(${[...change.from]}::text[])
       RETURNING id),
    -- A data-modifying WITH runs to completion whether or not the query reads it.
    written AS (
      INSERT INTO outbox (id, topic, aggregate_id, payload, created_at)
      SELECT ${message.id}, ${message.topic}, moved.id, ${JSON.stringify(message.payload)}::jsonb, bo_now() FROM moved)
    SELECT count(*)::int4 AS moved FROM moved`.execute(db);
  return (rows[0]?.moved ?? 0) > 0;
}

export async function getPayment(db: Db, id: string): Promise<Payment | null> {
  const row = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? paymentFromRow(row) : null;
}

/**
 * Payments in `statuses` last changed before `olderThanMs` (an epoch-ms instant the caller
 * derives from the store's clock, e.g. `await store.now() - 60_000`), oldest first.
 */
export async function listPaymentsToReconcile(
  db: Db,
  statuses: readonly PaymentStatus[],
  olderThanMs: number,
  limit: number,
): Promise<Payment[]> {
  if (statuses.length === 0 || limit <= 0 || !Number.isFinite(olderThanMs)) return [];
  const cutoff = new Date(Math.floor(olderThanMs)).toISOString();
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('status', '=', sql<PaymentStatus>`any(${[...statuses]}::text[])`)
    .where('updated_at', '<', cutoff)
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(paymentFromRow);
}

export async function confirmHold(db: Db, req: ConfirmRequest): Promise<ConfirmResult> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_confirm_hold(${req.holdId}, ${req.userId}, ${req.bookingId}, ${req.paymentId},
                           ${req.gatewayReference}, ${req.outbox.id}, ${req.outbox.topic},
                           ${JSON.stringify(req.outbox.payload)}::jsonb) AS r`.execute(db);
  return confirmResult(req, rows[0]?.r);
}

/** What one answer of `bo_confirm_hold` means for `req` (shared with the batched confirms). */
export function confirmResult(req: ConfirmRequest, r: Record<string, unknown> | undefined): ConfirmResult {
  if (!r) throw new BoxOfficeError('INTERNAL', 'bo_confirm_hold returned no row');
  const code = field<number>(r, 'code');
  switch (code) {
    case SQL_CODE.OK: {
      const createdAt = toIso(field<string>(r, 'created_at'));
      return {
        ok: true,
        booking: {
          id: req.bookingId,
          eventId: field<string>(r, 'event_id'),
          userId: field<string>(r, 'user_id'),
          holdId: req.holdId,
          ticketIds: field<string[]>(r, 'ticket_ids'),
          total: toNumber(field<number>(r, 'total')),
          currency: field<string>(r, 'currency'),
          status: 'CONFIRMED',
          paymentId: req.paymentId,
          createdAt,
          updatedAt: createdAt,
        },
      };
    }
    case SQL_CODE.HOLD_NOT_FOUND:
      return { ok: false, reason: 'HOLD_NOT_FOUND' };
    case SQL_CODE.FORBIDDEN:
      return { ok: false, reason: 'FORBIDDEN' };
    case SQL_CODE.HOLD_EXPIRED:
      return { ok: false, reason: 'HOLD_EXPIRED' };
    case SQL_CODE.HOLD_NOT_ACTIVE:
      return { ok: false, reason: 'HOLD_NOT_ACTIVE' };
    case SQL_CODE.EVENT_NOT_ON_SALE:
      return { ok: false, reason: 'EVENT_NOT_ON_SALE', block: salesBlockOf(r) };
    case SQL_CODE.PAYMENT_CONFLICT: {
      const status = field<string | null>(r, 'status');
      throw new BoxOfficeError(
        'CONFLICT',
        status === null
          ? `payment ${req.paymentId} does not exist: record it before confirming`
          : `payment ${req.paymentId} is ${status}: it can no longer back a booking`,
        { details: { paymentId: req.paymentId, status } },
      );
    }
    default:
      throw new BoxOfficeError('INTERNAL', `bo_confirm_hold returned ${sqlCodeName(code)}`);
  }
}

export async function cancelBooking(db: Db, req: CancelRequest): Promise<CancelResult> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_cancel_booking(${req.bookingId}, ${req.outbox.id}, ${req.outbox.topic},
                             ${JSON.stringify(req.outbox.payload)}::jsonb, ${req.beforeRefundDeadline === true}) AS r`.execute(db);
  const r = rows[0]?.r;
  if (!r) throw new BoxOfficeError('INTERNAL', 'bo_cancel_booking returned no row');
  const code = field<number>(r, 'code');
  if (code === SQL_CODE.NOT_FOUND) return { ok: false, reason: 'NOT_FOUND' };
  if (code === SQL_CODE.CONFLICT) return { ok: false, reason: 'CONFLICT' };
  if (code === SQL_CODE.REFUND_DEADLINE_PASSED) {
    return { ok: false, reason: 'REFUND_DEADLINE_PASSED', eventId: field<string>(r, 'event_id'), refundDeadlineAt: toIso(field<string>(r, 'at')) };
  }
  if (code !== SQL_CODE.OK) throw new BoxOfficeError('INTERNAL', `bo_cancel_booking returned ${sqlCodeName(code)}`);
  const booking: Booking = {
    id: req.bookingId,
    eventId: field<string>(r, 'event_id'),
    userId: field<string>(r, 'user_id'),
    holdId: field<string>(r, 'hold_id'),
    ticketIds: field<string[]>(r, 'ticket_ids'),
    total: toNumber(field<number>(r, 'total')),
    currency: field<string>(r, 'currency'),
    status: 'CANCELLED',
    paymentId: field<string>(r, 'payment_id'),
    createdAt: toIso(field<string>(r, 'created_at')),
    updatedAt: toIso(field<string>(r, 'updated_at')),
  };
  const changes = field<string[]>(r, 'freed').map((ticketId) => ({ ticketId, status: 'AVAILABLE' as const }));
  return { ok: true, booking, changes };
}

export async function getBooking(db: Db, id: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? bookingFromRow(row) : null;
}

export async function getBookingByHold(db: Db, holdId: string): Promise<Booking | null> {
  const row = await db.selectFrom('bookings').selectAll().where('hold_id', '=', holdId).executeTakeFirst();
  return row ? bookingFromRow(row) : null;
}

/** Newest first. */
export async function listBookings(
  db: Db,
  filter: { userId?: string; eventId?: string; limit: number; offset: number },
): Promise<Booking[]> {
  let query = db.selectFrom('bookings').selectAll();
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.eventId !== undefined) query = query.where('event_id', '=', filter.eventId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return rows.map(bookingFromRow);
}

export async function countBookings(db: Db, filter: { userId?: string; eventId?: string }): Promise<number> {
  let query = db.selectFrom('bookings').select((eb) => eb.fn.countAll<string>().as('n'));
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  if (filter.eventId !== undefined) query = query.where('event_id', '=', filter.eventId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The reason `bo_confirm_hold` (migration 012) gave for an event that stopped selling. */
function salesBlockOf(r: Record<string, unknown>): SalesBlock {
  const rule = field<string>(r, 'rule');
  if (rule === 'status') return { rule, status: field<Event['status']>(r, 'status') };
  const at = toIso(field<string>(r, 'at'));
  return rule === 'onSaleAt' ? { rule, onSaleAt: at } : { rule: 'salesEndAt', salesEndAt: at };
}
