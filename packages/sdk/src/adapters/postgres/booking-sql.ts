import { SQL_CODE as C } from './codes.js';

/**
 * Migration 002 (part): confirm and cancel, each one statement (one round trip, one
 * transaction). Lock order as in hold-sql.ts: hold (or booking), tickets by id, payment.
 */

/**
 * bo_confirm_hold: the hold's tickets RESERVED→SOLD, the booking, the payment AUTHORIZED and
 * linked, the hold CONFIRMED, the outbox message — or nothing. Returns jsonb `{code, ...}`;
 * on OK also `{event_id, user_id, ticket_ids, total, currency, created_at}`.
 * Expiry is decided after every lock is granted, with a fresh `bo_now()`.
 */
export const CONFIRM_HOLD_FUNCTION = `
CREATE FUNCTION bo_confirm_hold(
  p_hold_id text, p_user_id text, p_booking_id text, p_payment_id text, p_gateway_reference text,
  p_outbox_id text, p_outbox_topic text, p_outbox_payload jsonb)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  h holds%ROWTYPE;
  v_now timestamptz;
  v_n integer;
  v_payment_status text;
BEGIN
  SELECT * INTO h FROM holds WHERE id = p_hold_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('code', ${C.HOLD_NOT_FOUND});
  END IF;
  IF h.user_id <> p_user_id THEN
    RETURN jsonb_build_object('code', ${C.FORBIDDEN});
  END IF;
  IF h.status = 'EXPIRED' THEN
    RETURN jsonb_build_object('code', ${C.HOLD_EXPIRED});
  END IF;
  IF h.status <> 'ACTIVE' THEN
    RETURN jsonb_build_object('code', ${C.HOLD_NOT_ACTIVE}, 'status', h.status);
  END IF;

  PERFORM 1 FROM tickets t
   WHERE t.id = ANY (h.ticket_ids) AND t.hold_id = h.id AND t.status = 'RESERVED'
   ORDER BY t.id
     FOR UPDATE;
  v_now := bo_now();
  IF h.expires_at <= v_now THEN
    RETURN jsonb_build_object('code', ${C.HOLD_EXPIRED});
  END IF;
  SELECT count(*) INTO v_n FROM tickets t
   WHERE t.id = ANY (h.ticket_ids) AND t.hold_id = h.id AND t.status = 'RESERVED'
     AND t.reserved_until > v_now;
  IF v_n <> cardinality(h.ticket_ids) THEN
    RETURN jsonb_build_object('code', ${C.HOLD_EXPIRED});
  END IF;

  SELECT status INTO v_payment_status FROM payments WHERE id = p_payment_id FOR UPDATE;
  IF NOT FOUND OR v_payment_status NOT IN ('AUTHORIZING', 'UNCERTAIN', 'AUTHORIZED') THEN
    RETURN jsonb_build_object('code', ${C.PAYMENT_CONFLICT}, 'status', v_payment_status);
  END IF;

  UPDATE tickets t SET status = 'SOLD', booking_id = p_booking_id, version = t.version + 1
   WHERE t.id = ANY (h.ticket_ids) AND t.hold_id = h.id AND t.status = 'RESERVED';
  INSERT INTO bookings (id, event_id, user_id, hold_id, ticket_ids, total, currency, status,
                        payment_id, created_at, updated_at)
  VALUES (p_booking_id, h.event_id, h.user_id, h.id, h.ticket_ids, h.total, h.currency, 'CONFIRMED',
          p_payment_id, v_now, v_now);
  UPDATE payments
     SET status = 'AUTHORIZED', booking_id = p_booking_id, gateway_reference = p_gateway_reference,
         updated_at = v_now
   WHERE id = p_payment_id;
  UPDATE holds SET status = 'CONFIRMED' WHERE id = h.id;
  INSERT INTO outbox (id, topic, aggregate_id, payload, created_at)
  VALUES (p_outbox_id, p_outbox_topic, p_booking_id, p_outbox_payload, v_now);

  RETURN jsonb_build_object('code', ${C.OK}, 'event_id', h.event_id, 'user_id', h.user_id,
    'ticket_ids', to_jsonb(h.ticket_ids), 'total', h.total, 'currency', h.currency, 'created_at', v_now);
END
$fn$`;

/**
 * bo_cancel_booking: a CONFIRMED booking CANCELLED, its SOLD tickets back to sale, the outbox
 * message. Returns jsonb `{code, ...}`; on OK the booking's fields and `freed` ticket ids.
 */
export const CANCEL_BOOKING_FUNCTION = `
CREATE FUNCTION bo_cancel_booking(
  p_booking_id text, p_outbox_id text, p_outbox_topic text, p_outbox_payload jsonb)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  b bookings%ROWTYPE;
  v_now timestamptz;
  v_freed text[];
BEGIN
  SELECT * INTO b FROM bookings WHERE id = p_booking_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('code', ${C.NOT_FOUND});
  END IF;
  IF b.status <> 'CONFIRMED' THEN
    RETURN jsonb_build_object('code', ${C.CONFLICT}, 'status', b.status);
  END IF;
  v_now := bo_now();
  PERFORM 1 FROM tickets t
   WHERE t.id = ANY (b.ticket_ids) AND t.booking_id = b.id AND t.status = 'SOLD'
   ORDER BY t.id
     FOR UPDATE;
  WITH freed AS (
    UPDATE tickets t
       SET status = 'AVAILABLE', booking_id = NULL, holder_id = NULL, hold_id = NULL,
           reserved_until = NULL, version = t.version + 1
     WHERE t.id = ANY (b.ticket_ids) AND t.booking_id = b.id AND t.status = 'SOLD'
     RETURNING t.id)
  SELECT coalesce(array_agg(freed.id ORDER BY freed.id), '{}'::text[]) INTO v_freed FROM freed;
  UPDATE bookings SET status = 'CANCELLED', updated_at = v_now WHERE id = b.id;
  INSERT INTO outbox (id, topic, aggregate_id, payload, created_at)
  VALUES (p_outbox_id, p_outbox_topic, b.id, p_outbox_payload, v_now);

  RETURN jsonb_build_object('code', ${C.OK}, 'event_id', b.event_id, 'user_id', b.user_id,
    'hold_id', b.hold_id, 'ticket_ids', to_jsonb(b.ticket_ids), 'total', b.total,
    'currency', b.currency, 'payment_id', b.payment_id, 'created_at', b.created_at,
    'updated_at', v_now, 'freed', to_jsonb(v_freed));
END
$fn$`;

/**
 * bo_claim_idempotency: the first claim inserts an in-progress row ('new'); later claims read
 * it under a row lock: another fingerprint is a 'mismatch', a finished one is 'done' with its
 * response, a claim older than p_stale_ms (store clock) is retaken ('new'), else 'in-progress'.
 */
export const CLAIM_IDEMPOTENCY_FUNCTION = `
CREATE FUNCTION bo_claim_idempotency(p_scope text, p_key text, p_fingerprint text, p_stale_ms bigint)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  r idempotency_keys%ROWTYPE;
  v_now timestamptz;
BEGIN
  FOR attempt IN 1..5 LOOP
    v_now := bo_now();
    INSERT INTO idempotency_keys (scope, "key", fingerprint, state, response, created_at, updated_at)
    VALUES (p_scope, p_key, p_fingerprint, 'in-progress', NULL, v_now, v_now)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
      RETURN jsonb_build_object('state', 'new');
    END IF;
    SELECT * INTO r FROM idempotency_keys WHERE scope = p_scope AND "key" = p_key FOR UPDATE;
    IF FOUND THEN
      IF r.fingerprint <> p_fingerprint THEN
        RETURN jsonb_build_object('state', 'mismatch');
      END IF;
      IF r.state = 'done' THEN
        RETURN jsonb_build_object('state', 'done', 'response', r.response);
      END IF;
      IF r.updated_at <= v_now - p_stale_ms * interval '1 millisecond' THEN
        UPDATE idempotency_keys SET updated_at = v_now WHERE scope = p_scope AND "key" = p_key;
        RETURN jsonb_build_object('state', 'new');
      END IF;
      RETURN jsonb_build_object('state', 'in-progress');
    END IF;
    -- The row was released between our insert and our read: try again.
  END LOOP;
  RETURN jsonb_build_object('state', 'in-progress');
END
$fn$`;
