import { CANCEL_BOOKING_002 } from './002-functions.js';
import { statements } from './statements.js';

/**
 * Migration 008: the REFUNDING payment state. Cancelling a booking now moves its payment
 * (AUTHORIZED or CAPTURED) to REFUNDING in the cancel's own transaction, so a refund owed can
 * never be forgotten: if the gateway call fails, or the process dies before making it, the
 * reconciler finds the payment REFUNDING and retries until the gateway confirms.
 *
 * bo_cancel_booking is redefined from migration 002's text (released migrations are never
 * edited) with one statement added before the outbox write; lock order stays booking, tickets,
 * then the payment row.
 */
const OUTBOX_WRITE = '  INSERT INTO outbox (id, topic, aggregate_id, payload, created_at)\n  VALUES (p_outbox_id';
if (!CANCEL_BOOKING_002.includes(OUTBOX_WRITE) || !CANCEL_BOOKING_002.includes('CREATE FUNCTION bo_cancel_booking(')) {
  throw new Error('migration 008: bo_cancel_booking of migration 002 no longer has the expected shape');
}

/** Migration 008's bo_cancel_booking (migration 013 builds on its text). */
export const CANCEL_BOOKING_008 = CANCEL_BOOKING_002.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(
  OUTBOX_WRITE,
  `  UPDATE payments SET status = 'REFUNDING', updated_at = v_now
   WHERE id = b.payment_id AND status IN ('AUTHORIZED', 'CAPTURED');
${OUTBOX_WRITE}`,
);

export const migration = statements([
  `ALTER TABLE payments DROP CONSTRAINT payments_status_check`,
  `ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN
     ('AUTHORIZING', 'AUTHORIZED', 'DECLINED', 'UNCERTAIN', 'CAPTURED', 'VOIDED', 'REFUNDING', 'REFUNDED'))`,
  CANCEL_BOOKING_008,
]);
