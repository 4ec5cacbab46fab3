import { SQL_CODE as C } from '../schema/sql-codes.js';
import { CANCEL_BOOKING_008 } from './008-refunding.js';
import { statements } from './statements.js';

/**
 * Migration 013: a user's refund deadline is decided inside the cancel. Before, the service
 * read the event and the clock, then called bo_cancel_booking: a cancel that passed the check
 * could commit after the deadline (a slow call, a lock wait), and an operator moving the
 * deadline earlier meanwhile was not seen. Now bo_cancel_booking takes
 * `p_before_refund_deadline` (default false: an operator's cancel, and what a process of the
 * previous version still sends with four arguments) and, when true, reads the event's
 * deadline FOR SHARE once the booking and its tickets are locked (lock order booking, tickets,
 * event, as the confirm's hold, tickets, event) and compares it with a fresh `bo_now()`: the
 * store's clock at the decision point, in the transaction that writes the cancellation.
 *
 * Redefined from migration 008's text (released migrations are never edited); the old
 * four-argument function is dropped so a four-argument call resolves to this one.
 */
const TICKETS_LOCKED = "     FOR UPDATE;\n  WITH freed AS (";
const DECLARE = '  v_freed text[];\nBEGIN';
if (!CANCEL_BOOKING_008.includes(TICKETS_LOCKED) || !CANCEL_BOOKING_008.includes(DECLARE) || !CANCEL_BOOKING_008.includes('p_outbox_payload jsonb)')) {
  throw new Error('migration 013: bo_cancel_booking of migration 008 no longer has the expected shape');
}

const CANCEL_BOOKING_013 = CANCEL_BOOKING_008.replace('CREATE OR REPLACE FUNCTION', 'CREATE FUNCTION')
  .replace('p_outbox_payload jsonb)', 'p_outbox_payload jsonb,\n  p_before_refund_deadline boolean DEFAULT false)')
  .replace(DECLARE, '  v_freed text[];\n  e_refund_deadline_at timestamptz;\nBEGIN')
  .replace(
    TICKETS_LOCKED,
    `     FOR UPDATE;
  IF p_before_refund_deadline THEN
    SELECT refund_deadline_at INTO e_refund_deadline_at FROM events WHERE id = b.event_id FOR SHARE;
    v_now := bo_now();
    IF e_refund_deadline_at <= v_now THEN
      RETURN jsonb_build_object('code', ${C.REFUND_DEADLINE_PASSED}, 'event_id', b.event_id, 'at', e_refund_deadline_at);
    END IF;
  END IF;
  WITH freed AS (`,
  );

export const migration = statements([`DROP FUNCTION bo_cancel_booking(text, text, text, jsonb)`, CANCEL_BOOKING_013]);
