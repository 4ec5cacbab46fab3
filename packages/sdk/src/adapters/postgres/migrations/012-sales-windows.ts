import { SQL_CODE as C } from '../schema/sql-codes.js';
import { CONFIRM_HOLD_002 } from './002-functions.js';
import { statements } from './statements.js';

/**
 * Migration 012: sales windows. Events get `sales_end_at` (holds, confirms and bookings stop
 * there) and `refund_deadline_at` (a user's cancellation stops there); both default to the
 * start, for existing rows too.
 *
 * bo_confirm_hold is redefined from migration 002's text (released migrations are never
 * edited) with one check added once the hold's tickets are locked: the event must still be
 * selling at the same fresh `bo_now()` the expiry check uses. The event row is read FOR SHARE,
 * so an operator's concurrent status change (CANCELLED, POSTPONED) either commits first and is
 * seen here, or waits for this confirm: once a cancel has committed, no confirm sells. Lock
 * order stays hold, tickets, then the event (as the reprice: tickets, then event), payment.
 */
const EXPIRY_CHECK = `  v_now := bo_now();
  IF h.expires_at <= v_now THEN
    RETURN jsonb_build_object('code', ${C.HOLD_EXPIRED});
  END IF;
`;
const DECLARE = `  v_payment_status text;
BEGIN`;
if (!CONFIRM_HOLD_002.includes(EXPIRY_CHECK) || !CONFIRM_HOLD_002.includes(DECLARE) || !CONFIRM_HOLD_002.includes('CREATE FUNCTION bo_confirm_hold(')) {
  throw new Error('migration 012: bo_confirm_hold of migration 002 no longer has the expected shape');
}

const CONFIRM_HOLD_012 = CONFIRM_HOLD_002.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')
  .replace(
    DECLARE,
    `  v_payment_status text;
  e_status text;
  e_on_sale_at timestamptz;
  e_sales_end_at timestamptz;
BEGIN`,
  )
  .replace(
    EXPIRY_CHECK,
    `${EXPIRY_CHECK}  SELECT status, on_sale_at, sales_end_at INTO e_status, e_on_sale_at, e_sales_end_at
    FROM events WHERE id = h.event_id FOR SHARE;
  IF e_status <> 'SCHEDULED' THEN
    RETURN jsonb_build_object('code', ${C.EVENT_NOT_ON_SALE}, 'rule', 'status', 'status', e_status);
  END IF;
  IF e_on_sale_at > v_now THEN
    RETURN jsonb_build_object('code', ${C.EVENT_NOT_ON_SALE}, 'rule', 'onSaleAt', 'at', e_on_sale_at);
  END IF;
  IF e_sales_end_at <= v_now THEN
    RETURN jsonb_build_object('code', ${C.EVENT_NOT_ON_SALE}, 'rule', 'salesEndAt', 'at', e_sales_end_at);
  END IF;
`,
  );

export const migration = statements([
  `ALTER TABLE events ADD COLUMN sales_end_at timestamptz, ADD COLUMN refund_deadline_at timestamptz`,
  `UPDATE events SET sales_end_at = starts_at, refund_deadline_at = starts_at`,
  `ALTER TABLE events ALTER COLUMN sales_end_at SET NOT NULL, ALTER COLUMN refund_deadline_at SET NOT NULL`,
  CONFIRM_HOLD_012,
]);
