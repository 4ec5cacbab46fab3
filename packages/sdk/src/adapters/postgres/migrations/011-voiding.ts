import { statements } from './statements.js';

/**
 * Migration 011: the VOIDING payment state. The reconciler used to void an abandoned payment's
 * authorization at the gateway and only then compare-and-set the payment row, so a confirm
 * committing in between sold tickets on a voided payment. It now claims the row first
 * (AUTHORIZING/UNCERTAIN -> VOIDING), which bo_confirm_hold refuses (it accepts only
 * AUTHORIZING, UNCERTAIN and AUTHORIZED), then calls the gateway; a void that fails leaves the
 * payment VOIDING and the next pass retries it.
 */
export const migration = statements([
  `ALTER TABLE payments DROP CONSTRAINT payments_status_check`,
  `ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN
     ('AUTHORIZING', 'AUTHORIZED', 'DECLINED', 'UNCERTAIN', 'CAPTURED', 'VOIDING', 'VOIDED', 'REFUNDING', 'REFUNDED'))`,
]);
