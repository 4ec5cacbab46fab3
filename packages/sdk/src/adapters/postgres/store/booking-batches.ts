import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Payment } from '../../../domain/types.js';
import type { ConfirmRequest, ConfirmResult, PaymentChange } from '../../../ports/store.js';
import { confirmHold, confirmResult, createPayment, paymentRow, updatePayment } from './bookings.js';
import { CallBatcher, settle } from '../concurrency/call-batcher.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';

/**
 * The grouped forms of a confirm's writes (see concurrency/call-batcher.ts): each is ONE
 * statement, so one round trip and one transaction, for all the calls that arrived together. Each call's answer
 * is the one it would get alone: `bo_confirm_hold` decides before it writes and answers with a
 * code instead of raising, so one call's refusal writes nothing and leaves the others alone.
 */
type Db = Kysely<BoxOfficeDatabase>;

/** Confirms in array order, one `bo_confirm_hold` each, in one statement. */
export async function confirmHolds(db: Db, requests: readonly ConfirmRequest[]): Promise<PromiseSettledResult<ConfirmResult>[]> {
  const payload = requests.map((req) => ({
    hold_id: req.holdId,
    user_id: req.userId,
    booking_id: req.bookingId,
    payment_id: req.paymentId,
    gateway_reference: req.gatewayReference,
    outbox_id: req.outbox.id,
    outbox_topic: req.outbox.topic,
    outbox_payload: req.outbox.payload,
  }));
  // The function calls run in the scan's order (the sort comes after them).
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_confirm_hold(e->>'hold_id', e->>'user_id', e->>'booking_id', e->>'payment_id',
                           e->>'gateway_reference', e->>'outbox_id', e->>'outbox_topic', e->'outbox_payload') AS r
      FROM jsonb_array_elements(${JSON.stringify(payload)}::jsonb) WITH ORDINALITY AS a(e, n)
     ORDER BY n`.execute(db);
  return requests.map((req, i) => settle(() => confirmResult(req, rows[i]?.r)));
}

/** Payment attempts recorded in one INSERT. */
export async function createPayments(db: Db, payments: readonly Payment[]): Promise<PromiseSettledResult<void>[]> {
  await db.insertInto('payments').values(payments.map(paymentRow)).execute();
  return payments.map(() => ({ status: 'fulfilled', value: undefined }));
}

/** A payment's compare-and-set without an outbox message (those stay one statement each). */
export interface PlainPaymentUpdate {
  readonly id: string;
  readonly change: Omit<PaymentChange, 'outbox'>;
}

/**
 * Compare-and-set payment updates in one UPDATE. An UPDATE changes a row at most once, so a
 * payment named again later in the batch is updated after it, alone.
 */
export async function updatePayments(db: Db, updates: readonly PlainPaymentUpdate[]): Promise<PromiseSettledResult<boolean>[]> {
  const seen = new Set<string>();
  const firsts = updates.filter((u) => !seen.has(u.id) && seen.add(u.id));
  const moved = await updateDistinct(db, firsts);
  const results: PromiseSettledResult<boolean>[] = [];
  for (const u of updates) {
    if (moved.has(u)) results.push({ status: 'fulfilled', value: moved.get(u)! });
    else results.push(await updatePayment(db, u.id, u.change).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
  }
  return results;
}

async function updateDistinct(db: Db, updates: readonly PlainPaymentUpdate[]): Promise<Map<PlainPaymentUpdate, boolean>> {
  const payload = updates.map(({ id, change }) => ({
    id,
    from: change.from,
    status: change.status,
    gateway_reference: change.gatewayReference ?? null,
    failure_reason: change.failureReason ?? null,
  }));
  const { rows } = await sql<{ id: string }>`
    UPDATE payments p
       SET status = x.status, updated_at = bo_now(),
           gateway_reference = coalesce(x.gateway_reference, p.gateway_reference),
           failure_reason = coalesce(x.failure_reason, p.failure_reason)
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
           AS x(id text, "from" text[], status text, gateway_reference text, failure_reason text)
     WHERE p.id = x.id AND p.status = any(x."from")
     RETURNING p.id`.execute(db);
  const moved = new Set(rows.map((r) => r.id));
  return new Map(updates.map((u) => [u, moved.has(u.id)]));
}

/** A store's batchers for the writes of a confirm: payment recorded, hold confirmed, payment moved. */
export class BookingWriteBatchers {
  readonly payments: CallBatcher<Payment, void>;
  readonly confirms: CallBatcher<ConfirmRequest, ConfirmResult>;
  readonly paymentUpdates: CallBatcher<PlainPaymentUpdate, boolean>;

  constructor(db: Db) {
    this.payments = new CallBatcher({ one: (p) => createPayment(db, p), many: (ps) => createPayments(db, ps) });
    this.confirms = new CallBatcher({ one: (r) => confirmHold(db, r), many: (rs) => confirmHolds(db, rs) });
    this.paymentUpdates = new CallBatcher({ one: (u) => updatePayment(db, u.id, u.change), many: (us) => updatePayments(db, us) });
  }
}
