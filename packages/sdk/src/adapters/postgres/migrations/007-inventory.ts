import { statements } from './statements.js';

/**
 * Migration 007: the inventory functions (see `domain/inventory.ts` for what a block is). Each
 * is one statement, so one round trip and one transaction. Lock order as everywhere: hold rows,
 * then ticket rows in id order (then the event row, for a tier's price).
 *
 * Each returns jsonb `{changed: ids, skipped: [{id, status}], missing: ids}`; when `missing` is
 * not empty nothing was written. A skipped ticket's status is its effective one (the store
 * clock applied), or BLOCKED for a seat under a block.
 */

/** The distinct ids sorted, or the ones that are not tickets of the event. Shared prologue. */
const PICK = `
  SELECT array_agg(DISTINCT u.i ORDER BY u.i) INTO v_sorted FROM unnest(p_ids) AS u(i);
  SELECT array_agg(u.i ORDER BY u.i) INTO v_missing FROM unnest(v_sorted) AS u(i)
   WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = u.i AND t.event_id = p_event_id);
  IF v_missing IS NOT NULL THEN
    RETURN jsonb_build_object('changed', '[]'::jsonb, 'skipped', '[]'::jsonb, 'missing', to_jsonb(v_missing));
  END IF;
  v_now := bo_now();`;

/** The answer, once `v_changed` holds what was written. */
const ANSWER = `
  RETURN jsonb_build_object(
    'changed', to_jsonb(coalesce(v_changed, '{}'::text[])),
    'skipped', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'status',
                  CASE WHEN t.status = 'RESERVED' AND t.holder_id = p_holder THEN 'BLOCKED'
                       WHEN t.status = 'RESERVED' AND t.reserved_until <= v_now THEN 'AVAILABLE'
                       ELSE t.status END) ORDER BY t.id), '[]'::jsonb)
                  FROM tickets t
                 WHERE t.id = ANY (v_sorted) AND t.id <> ALL (coalesce(v_changed, '{}'::text[]))),
    'missing', '[]'::jsonb);`;

const DECLARE = `
DECLARE
  v_sorted text[];
  v_missing text[];
  v_now timestamptz;
  v_changed text[];`;

/** bo_block_tickets: the named tickets available now go RESERVED under a new block (a hold). */
const BLOCK_TICKETS_FUNCTION = `
CREATE FUNCTION bo_block_tickets(p_block_id text, p_event_id text, p_ids text[], p_holder text, p_until timestamptz)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
${DECLARE}
  v_total bigint;
  v_currency text;
BEGIN
${PICK}
  SELECT array_agg(s.id ORDER BY s.id) INTO v_changed FROM (
    SELECT t.id FROM tickets t
     WHERE t.id = ANY (v_sorted) AND t.event_id = p_event_id
       AND (t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= v_now))
     ORDER BY t.id
       FOR UPDATE) s;
  IF v_changed IS NOT NULL THEN
    WITH taken AS (
      UPDATE tickets t
         SET status = 'RESERVED', hold_id = p_block_id, holder_id = p_holder,
             reserved_until = p_until, booking_id = NULL, version = t.version + 1
       WHERE t.id = ANY (v_changed)
       RETURNING t.price, t.currency)
    SELECT sum(taken.price), min(taken.currency) INTO v_total, v_currency FROM taken;
    INSERT INTO holds (id, event_id, user_id, ticket_ids, total, currency, status, expires_at, created_at)
    VALUES (p_block_id, p_event_id, p_holder, v_changed, v_total, v_currency, 'ACTIVE', p_until, v_now);
  END IF;
${ANSWER}
END
$fn$`;

/**
 * bo_unblock_tickets: the named tickets under a block go back to sale; each block forgets them
 * (and is RELEASED once it holds none).
 */
const UNBLOCK_TICKETS_FUNCTION = `
CREATE FUNCTION bo_unblock_tickets(p_event_id text, p_ids text[], p_holder text)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
${DECLARE}
  v_blocks text[];
BEGIN
${PICK}
  PERFORM 1 FROM holds h
   WHERE h.id IN (SELECT t.hold_id FROM tickets t
                   WHERE t.id = ANY (v_sorted) AND t.status = 'RESERVED' AND t.holder_id = p_holder)
   ORDER BY h.id
     FOR UPDATE;
  SELECT array_agg(s.id ORDER BY s.id), array_agg(DISTINCT s.hold_id) INTO v_changed, v_blocks FROM (
    SELECT t.id, t.hold_id FROM tickets t
     WHERE t.id = ANY (v_sorted) AND t.event_id = p_event_id AND t.status = 'RESERVED' AND t.holder_id = p_holder
     ORDER BY t.id
       FOR UPDATE) s;
  IF v_changed IS NOT NULL THEN
    UPDATE tickets t
       SET status = 'AVAILABLE', hold_id = NULL, holder_id = NULL, reserved_until = NULL, version = t.version + 1
     WHERE t.id = ANY (v_changed);
    UPDATE holds h
       SET ticket_ids = ARRAY(SELECT x FROM unnest(h.ticket_ids) AS x WHERE x <> ALL (v_changed)),
           total = (SELECT coalesce(sum(t.price), 0) FROM tickets t WHERE t.hold_id = h.id AND t.status = 'RESERVED'),
           status = CASE WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.hold_id = h.id AND t.status = 'RESERVED')
                         THEN h.status ELSE 'RELEASED' END
     WHERE h.id = ANY (v_blocks);
  END IF;
${ANSWER}
END
$fn$`;

/**
 * bo_reprice_tickets: the named tickets not SOLD (and not already at the price) take
 * `p_price`; with `p_tier`, the event's price for that tier too.
 */
const REPRICE_TICKETS_FUNCTION = `
CREATE FUNCTION bo_reprice_tickets(p_event_id text, p_ids text[], p_price bigint, p_tier text, p_holder text)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
${DECLARE}
BEGIN
${PICK}
  SELECT array_agg(s.id ORDER BY s.id) INTO v_changed FROM (
    SELECT t.id FROM tickets t
     WHERE t.id = ANY (v_sorted) AND t.event_id = p_event_id AND t.status <> 'SOLD' AND t.price <> p_price
     ORDER BY t.id
       FOR UPDATE) s;
  IF v_changed IS NOT NULL THEN
    UPDATE tickets t SET price = p_price, version = t.version + 1 WHERE t.id = ANY (v_changed);
  END IF;
  IF p_tier IS NOT NULL THEN
    UPDATE events e SET prices = jsonb_set(e.prices, ARRAY[p_tier], to_jsonb(p_price)), updated_at = v_now
     WHERE e.id = p_event_id AND e.prices -> p_tier IS DISTINCT FROM to_jsonb(p_price);
  END IF;
${ANSWER}
END
$fn$`;

export const migration = statements([BLOCK_TICKETS_FUNCTION, UNBLOCK_TICKETS_FUNCTION, REPRICE_TICKETS_FUNCTION]);
