import { SQL_CODE as C } from '../schema/sql-codes.js';
import { statements } from './statements.js';

/**
 * Migration 002: the reservation, booking and idempotency functions. Each runs as one
 * statement, so a call is one round trip and one transaction. Lock order everywhere: hold
 * row, then ticket rows in id order, then the payment row. Ticket rows are always locked
 * sorted by id, so two calls that want overlapping seats queue instead of deadlocking.
 *
 * Time: `bo_now()` is read into a variable once per decision; decisions that must be exact
 * (confirm) read it again after their locks are granted.
 *
 * Released: this text is what a fresh database replays, never edited. Later migrations
 * redefine some of these functions (see the table in registry.ts): bo_take_hold (003),
 * bo_confirm_hold (012), bo_cancel_booking (008, then 013); bo_claim_idempotency is no longer
 * called (the store claims through 009's bo_claim_idempotency_lease) but stays in databases.
 */

/**
 * bo_take_hold: all-or-nothing. Returns jsonb `{code, ...}`:
 *   OK               {expires_at, created_at, total, currency, ticket_ids}
 *   NOT_FOUND        {ids: ids that are not tickets of this event}
 *   LIMIT_EXCEEDED   {owned: tickets the user holds or owns now}
 *   SEAT_UNAVAILABLE {ids: ids not takeable}
 * The per-user count runs after `pg_advisory_xact_lock(event, user)` in its own statement, so
 * under READ COMMITTED it sees every hold committed by an earlier holder of that lock; under a
 * stronger isolation level it would read a stale snapshot, so the function refuses to run.
 */
export const TAKE_HOLD_002 = `
CREATE FUNCTION bo_take_hold(
  p_hold_id text, p_event_id text, p_user_id text, p_ticket_ids text[],
  p_ttl_seconds integer, p_max_per_user integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  v_ids text[];
  v_sorted text[];
  v_n integer;
  v_now timestamptz;
  v_bad text[];
  v_locked text[];
  v_owned integer;
  v_expires timestamptz;
  v_total bigint;
  v_currency text;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'bo_take_hold must run under READ COMMITTED, not %', current_setting('transaction_isolation')
      USING ERRCODE = '0A000';
  END IF;
  -- Distinct ids, first occurrence order (what the hold records) and sorted (lock order).
  SELECT array_agg(i ORDER BY o) INTO v_ids
    FROM (SELECT i, min(o) AS o FROM unnest(p_ticket_ids) WITH ORDINALITY AS u(i, o) GROUP BY i) d;
  v_n := coalesce(cardinality(v_ids), 0);
  IF v_n = 0 THEN
    RAISE EXCEPTION 'a hold needs at least one ticket' USING ERRCODE = '22023';
  END IF;
  SELECT array_agg(i ORDER BY i) INTO v_sorted FROM unnest(v_ids) AS u(i);

  SELECT array_agg(u.i ORDER BY u.i) INTO v_bad FROM unnest(v_sorted) AS u(i)
   WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = u.i AND t.event_id = p_event_id);
  IF v_bad IS NOT NULL THEN
    RETURN jsonb_build_object('code', ${C.NOT_FOUND}, 'ids', to_jsonb(v_bad));
  END IF;

  IF p_max_per_user IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_event_id || '/' || p_user_id, 7));
    v_now := bo_now();
    SELECT count(*) INTO v_owned FROM tickets t
     WHERE t.event_id = p_event_id AND t.holder_id = p_user_id
       AND (t.status = 'SOLD' OR (t.status = 'RESERVED' AND t.reserved_until > v_now));
    IF v_owned + v_n > p_max_per_user THEN
      RETURN jsonb_build_object('code', ${C.LIMIT_EXCEEDED}, 'owned', v_owned);
    END IF;
  END IF;

  v_now := bo_now();
  SELECT array_agg(s.id) INTO v_locked FROM (
    SELECT t.id FROM tickets t
     WHERE t.id = ANY (v_sorted) AND t.event_id = p_event_id
       AND (t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= v_now))
     ORDER BY t.id
       FOR UPDATE) s;
  IF coalesce(cardinality(v_locked), 0) < v_n THEN
    SELECT array_agg(u.i ORDER BY u.i) INTO v_bad FROM unnest(v_sorted) AS u(i)
     WHERE u.i <> ALL (coalesce(v_locked, '{}'::text[]));
    RETURN jsonb_build_object('code', ${C.SEAT_UNAVAILABLE}, 'ids', to_jsonb(v_bad));
  END IF;

  v_expires := v_now + make_interval(secs => p_ttl_seconds);
  WITH taken AS (
    UPDATE tickets t
       SET status = 'RESERVED', hold_id = p_hold_id, holder_id = p_user_id,
           reserved_until = v_expires, booking_id = NULL, version = t.version + 1
     WHERE t.id = ANY (v_locked)
     RETURNING t.price, t.currency)
  SELECT sum(taken.price), min(taken.currency) INTO v_total, v_currency FROM taken;

  INSERT INTO holds (id, event_id, user_id, ticket_ids, total, currency, status, expires_at, created_at)
  VALUES (p_hold_id, p_event_id, p_user_id, v_ids, v_total, v_currency, 'ACTIVE', v_expires, v_now);

  RETURN jsonb_build_object('code', ${C.OK}, 'expires_at', v_expires, 'created_at', v_now,
    'total', v_total, 'currency', v_currency, 'ticket_ids', to_jsonb(v_ids));
END
$fn$`;

/**
 * bo_free_hold_tickets: internal. Returns the still-reserved tickets of these holds to sale
 * (only rows whose hold_id is still one of them: a seat re-taken after expiry stays with its
 * new hold). Locks in id order first. Returns (hold id, ticket id) pairs.
 */
const FREE_HOLD_TICKETS_FUNCTION = `
CREATE FUNCTION bo_free_hold_tickets(p_hold_ids text[])
RETURNS TABLE (r_hold_id text, r_ticket_id text)
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
BEGIN
  PERFORM 1 FROM tickets t
   WHERE t.hold_id = ANY (p_hold_ids) AND t.status = 'RESERVED'
   ORDER BY t.id
     FOR UPDATE;
  RETURN QUERY
    UPDATE tickets t
       SET status = 'AVAILABLE', hold_id = NULL, holder_id = NULL, reserved_until = NULL,
           version = t.version + 1
      FROM unnest(p_hold_ids) AS h(id)
     WHERE t.hold_id = h.id AND t.status = 'RESERVED'
    RETURNING h.id, t.id;
END
$fn$`;

/** bo_release_hold: one ACTIVE hold's seats back to sale; no rows for any other hold. */
const RELEASE_HOLD_FUNCTION = `
CREATE FUNCTION bo_release_hold(p_hold_id text)
RETURNS TABLE (o_hold_id text, o_event_id text, o_ticket_ids text[])
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  h holds%ROWTYPE;
BEGIN
  SELECT * INTO h FROM holds WHERE id = p_hold_id FOR UPDATE;
  IF NOT FOUND OR h.status <> 'ACTIVE' THEN
    RETURN;
  END IF;
  UPDATE holds SET status = CASE WHEN h.expires_at <= bo_now() THEN 'EXPIRED' ELSE 'RELEASED' END
   WHERE id = h.id;
  RETURN QUERY
    SELECT h.id, h.event_id,
           coalesce((SELECT array_agg(f.r_ticket_id ORDER BY f.r_ticket_id)
                       FROM bo_free_hold_tickets(ARRAY[h.id]) f), '{}'::text[]);
END
$fn$`;

/**
 * bo_sweep_expired: up to p_limit expired ACTIVE holds, skipping rows another transaction has
 * locked (another sweeper, or a confirm in flight), marked EXPIRED with their seats freed.
 */
const SWEEP_EXPIRED_FUNCTION = `
CREATE FUNCTION bo_sweep_expired(p_limit integer)
RETURNS TABLE (o_hold_id text, o_event_id text, o_ticket_ids text[])
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  v_now timestamptz := bo_now();
  v_ids text[];
BEGIN
  SELECT array_agg(s.id) INTO v_ids FROM (
    SELECT id FROM holds
     WHERE status = 'ACTIVE' AND expires_at <= v_now
     ORDER BY expires_at
     LIMIT p_limit
       FOR UPDATE SKIP LOCKED) s;
  IF v_ids IS NULL THEN
    RETURN;
  END IF;
  UPDATE holds SET status = 'EXPIRED' WHERE id = ANY (v_ids);
  RETURN QUERY
    WITH freed AS (SELECT f.r_hold_id, f.r_ticket_id FROM bo_free_hold_tickets(v_ids) f)
    SELECT h.id, h.event_id,
           coalesce((SELECT array_agg(fr.r_ticket_id ORDER BY fr.r_ticket_id)
                       FROM freed fr WHERE fr.r_hold_id = h.id), '{}'::text[])
      FROM holds h
     WHERE h.id = ANY (v_ids)
     ORDER BY h.expires_at, h.id;
END
$fn$`;

// Confirm and cancel. Lock order as above: hold (or booking), tickets by id, then the payment.

/**
 * bo_confirm_hold: the hold's tickets RESERVED→SOLD, the booking, the payment AUTHORIZED and
 * linked, the hold CONFIRMED, the outbox message — or nothing. Returns jsonb `{code, ...}`;
 * on OK also `{event_id, user_id, ticket_ids, total, currency, created_at}`.
 * Expiry is decided after every lock is granted, with a fresh `bo_now()`.
 */
export const CONFIRM_HOLD_002 = `
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
export const CANCEL_BOOKING_002 = `
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
const CLAIM_IDEMPOTENCY_FUNCTION = `
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

export const migration = statements([
  TAKE_HOLD_002,
  FREE_HOLD_TICKETS_FUNCTION,
  RELEASE_HOLD_FUNCTION,
  SWEEP_EXPIRED_FUNCTION,
  CONFIRM_HOLD_002,
  CANCEL_BOOKING_002,
  CLAIM_IDEMPOTENCY_FUNCTION,
]);
