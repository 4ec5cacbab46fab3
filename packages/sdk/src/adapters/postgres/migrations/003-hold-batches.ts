import { SQL_CODE as C } from '../schema/sql-codes.js';
import { TAKE_HOLD_002 } from './002-functions.js';
import { statements } from './statements.js';

/**
 * Migration 003: hold batches (`bo_take_holds`, below), and `bo_take_hold` again, with the
 * same arguments, answers and lock order as in migration 002 and one change to a query plan.
 * Its locking query no longer repeats `t.event_id = p_event_id`: the NOT_FOUND check just
 * before has proved every id is a ticket of this event (and a ticket never changes event), so
 * the answer is the same, but with the filter PL/pgSQL's cached generic plan could AND the
 * primary key with a scan of the whole event's index (50,000 entries for a stadium, ~2 ms a
 * call) instead of two key lookups.
 *
 * Derived from migration 002's text (as 008, 012 and 013 derive theirs): the two texts
 * differ by exactly these two edits, and the checks below fail loudly if 002's text ever
 * stops having the shape they expect.
 */
const LOCKING_FILTER = '     WHERE t.id = ANY (v_sorted) AND t.event_id = p_event_id\n';
if (!TAKE_HOLD_002.includes(LOCKING_FILTER) || !TAKE_HOLD_002.startsWith('\nCREATE FUNCTION bo_take_hold(')) {
  throw new Error('migration 003: bo_take_hold of migration 002 no longer has the expected shape');
}
const TAKE_HOLD_003 = TAKE_HOLD_002.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(
  LOCKING_FILTER,
  '     WHERE t.id = ANY (v_sorted)\n',
);

/**
 * `bo_take_holds(jsonb)`, many holds in ONE call and ONE transaction, each request still
 * all-or-nothing and answered exactly as `bo_take_hold` would answer it if the requests ran
 * one after another in array order.
 *
 * Input: a jsonb array of `{hold_id, event_id, user_id, ticket_ids: [..], ttl_seconds,
 * max_per_user (null: no cap)}`. Output: a jsonb array, one `{code, ...}` per request, in the
 * same order, with the same codes and fields as `bo_take_hold` (see 002-functions.ts).
 *
 * Lock order (no deadlock with concurrent batches from any number of processes, nor with
 * `bo_take_hold`, confirm, release or the sweeper):
 *   1. the per-user cap locks (`pg_advisory_xact_lock(event/user)`) of every capped request,
 *      deduplicated, in ascending key order;
 *   2. every requested ticket row of the whole batch, in ascending id order (FOR UPDATE);
 * then nothing else but new hold rows. `bo_take_hold` takes at most one key of class 1, then
 * rows of class 2 in id order: the same global order.
 *
 * Set-based: once the locks are held, the seats (event, takeable now, price) and each capped
 * user's count are read in one statement each, every request is decided in memory in order
 * (a request sees the seats and the counts of the requests before it), and the winners are
 * written by one UPDATE and one INSERT. A refused request writes nothing. Anything that raises
 * (an empty ticket list, a malformed request, a duplicate hold id) fails the whole batch and
 * writes nothing; the adapter then falls back to one `bo_take_hold` call per request.
 */
const TAKE_HOLDS_FUNCTION = `
CREATE FUNCTION bo_take_holds(p_requests jsonb)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  q jsonb;
  v_key bigint;
  v_all text[];
  v_now timestamptz;
  v_seats jsonb;              -- ticket id -> [event id, takeable now, price, currency]
  v_owned jsonb;              -- [event, user] -> tickets held or owned (capped users only)
  v_taken jsonb := '{}';      -- ticket id -> true once a request of this batch took it
  v_hold_id text;
  v_event_id text;
  v_user_id text;
  v_ttl integer;
  v_max integer;
  v_ukey text;
  v_ids text[];
  v_id text;
  v_seat jsonb;
  v_n integer;
  v_bad text[];
  v_missing text[];
  v_owned_now integer;
  v_expires timestamptz;
  v_total bigint;
  v_currency text;
  v_out jsonb[] := '{}';
  -- the winners: tickets (flat) and holds
  t_id text[] := '{}';
  t_hold text[] := '{}';
  t_user text[] := '{}';
  t_until timestamptz[] := '{}';
  h_id text[] := '{}';
  h_event text[] := '{}';
  h_user text[] := '{}';
  h_tickets jsonb[] := '{}';
  h_total bigint[] := '{}';
  h_currency text[] := '{}';
  h_expires timestamptz[] := '{}';
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'bo_take_holds must run under READ COMMITTED, not %', current_setting('transaction_isolation')
      USING ERRCODE = '0A000';
  END IF;
  IF jsonb_typeof(p_requests) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'bo_take_holds wants a json array of requests' USING ERRCODE = '22023';
  END IF;

  -- 1. Per-user cap locks, sorted and deduplicated.
  FOR v_key IN
    SELECT DISTINCT hashtextextended((e.q->>'event_id') || '/' || (e.q->>'user_id'), 7)
      FROM jsonb_array_elements(p_requests) AS e(q)
     WHERE jsonb_typeof(e.q->'max_per_user') = 'number'
     ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;

  -- 2. Every requested ticket row of the batch, in id order.
  SELECT array_agg(DISTINCT x.id) INTO v_all
    FROM jsonb_array_elements(p_requests) AS e(q),
         jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.q->'ticket_ids') = 'array' THEN e.q->'ticket_ids' END) AS x(id);
  PERFORM 1 FROM tickets t WHERE t.id = ANY (v_all) ORDER BY t.id FOR UPDATE;

  -- Under the locks (new statements, new snapshots): the seats and the capped users' counts.
  v_now := bo_now();
  SELECT coalesce(jsonb_object_agg(t.id, jsonb_build_array(t.event_id,
           t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= v_now), t.price, t.currency)), '{}')
    INTO v_seats FROM tickets t WHERE t.id = ANY (v_all);
  SELECT coalesce(jsonb_object_agg(k.ukey, (
           SELECT count(*) FROM tickets t
            WHERE t.event_id = k.ev AND t.holder_id = k.usr
              AND (t.status = 'SOLD' OR (t.status = 'RESERVED' AND t.reserved_until > v_now)))), '{}')
    INTO v_owned
    FROM (SELECT DISTINCT e.q->>'event_id' AS ev, e.q->>'user_id' AS usr,
                 jsonb_build_array(e.q->>'event_id', e.q->>'user_id')::text AS ukey
            FROM jsonb_array_elements(p_requests) AS e(q)
           WHERE jsonb_typeof(e.q->'max_per_user') = 'number') k;

  -- 3. Each request in order, decided in memory exactly as bo_take_hold decides it.
  FOR q IN SELECT e.q FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e(q, o) ORDER BY e.o
  LOOP
    v_hold_id := q->>'hold_id';
    v_event_id := q->>'event_id';
    v_user_id := q->>'user_id';
    v_ttl := (q->>'ttl_seconds')::integer;
    v_max := CASE jsonb_typeof(q->'max_per_user') WHEN 'number' THEN (q->>'max_per_user')::integer END;
    IF v_hold_id IS NULL OR v_event_id IS NULL OR v_user_id IS NULL OR v_ttl IS NULL OR v_ttl <= 0
       OR jsonb_typeof(q->'ticket_ids') IS DISTINCT FROM 'array'
       OR coalesce(jsonb_typeof(q->'max_per_user'), 'null') NOT IN ('number', 'null') THEN
      RAISE EXCEPTION 'bo_take_holds: malformed request %', q USING ERRCODE = '22023';
    END IF;
    v_ukey := jsonb_build_array(v_event_id, v_user_id)::text;

    -- Distinct ids in first-occurrence order; those not tickets of this event.
    v_ids := '{}';
    v_missing := '{}';
    FOR i IN 0 .. jsonb_array_length(q->'ticket_ids') - 1 LOOP
      v_id := q->'ticket_ids'->>i;
      IF v_id IS NULL THEN
        RAISE EXCEPTION 'bo_take_holds: a ticket id is not a string in %', q USING ERRCODE = '22023';
      END IF;
      CONTINUE WHEN v_id = ANY (v_ids);
      v_ids := v_ids || v_id;
      IF (v_seats->v_id->>0) IS DISTINCT FROM v_event_id THEN
        v_missing := v_missing || v_id;
      END IF;
    END LOOP;
    v_n := cardinality(v_ids);
    IF v_n = 0 THEN
      RAISE EXCEPTION 'a hold needs at least one ticket' USING ERRCODE = '22023';
    END IF;
    IF cardinality(v_missing) > 0 THEN
      SELECT array_agg(m ORDER BY m) INTO v_missing FROM unnest(v_missing) AS m;
      v_out := v_out || jsonb_build_object('code', ${C.NOT_FOUND}, 'ids', to_jsonb(v_missing));
      CONTINUE;
    END IF;

    IF v_max IS NOT NULL THEN
      v_owned_now := (v_owned->>v_ukey)::integer;
      IF v_owned_now IS NULL THEN
        RAISE EXCEPTION 'bo_take_holds: no count for %', v_ukey USING ERRCODE = 'XX000';
      END IF;
      IF v_owned_now + v_n > v_max THEN
        v_out := v_out || jsonb_build_object('code', ${C.LIMIT_EXCEEDED}, 'owned', v_owned_now);
        CONTINUE;
      END IF;
    END IF;

    v_bad := '{}';
    v_total := 0;
    FOREACH v_id IN ARRAY v_ids LOOP
      v_seat := v_seats->v_id;
      IF NOT (v_seat->>1)::boolean OR v_taken ? v_id THEN
        v_bad := v_bad || v_id;
      END IF;
      v_total := v_total + (v_seat->>2)::bigint;
      v_currency := v_seat->>3;
    END LOOP;
    IF cardinality(v_bad) > 0 THEN
      SELECT array_agg(b ORDER BY b) INTO v_bad FROM unnest(v_bad) AS b;
      v_out := v_out || jsonb_build_object('code', ${C.SEAT_UNAVAILABLE}, 'ids', to_jsonb(v_bad));
      CONTINUE;
    END IF;

    v_expires := v_now + make_interval(secs => v_ttl);
    FOREACH v_id IN ARRAY v_ids LOOP
      v_taken := v_taken || jsonb_build_object(v_id, true);
      t_id := t_id || v_id;
      t_hold := t_hold || v_hold_id;
      t_user := t_user || v_user_id;
      t_until := t_until || v_expires;
    END LOOP;
    IF v_owned ? v_ukey THEN
      v_owned := v_owned || jsonb_build_object(v_ukey, (v_owned->>v_ukey)::integer + v_n);
    END IF;
    h_id := h_id || v_hold_id;
    h_event := h_event || v_event_id;
    h_user := h_user || v_user_id;
    h_tickets := h_tickets || to_jsonb(v_ids);
    h_total := h_total || v_total;
    h_currency := h_currency || v_currency;
    h_expires := h_expires || v_expires;
    v_out := v_out || jsonb_build_object('code', ${C.OK}, 'expires_at', v_expires, 'created_at', v_now,
      'total', v_total, 'currency', v_currency, 'ticket_ids', to_jsonb(v_ids));
  END LOOP;

  -- 4. The winners, written at once.
  IF cardinality(h_id) > 0 THEN
    UPDATE tickets t
       SET status = 'RESERVED', hold_id = u.hold_id, holder_id = u.user_id,
           reserved_until = u.until, booking_id = NULL, version = t.version + 1
      FROM unnest(t_id, t_hold, t_user, t_until) AS u(id, hold_id, user_id, until)
     WHERE t.id = u.id;
    INSERT INTO holds (id, event_id, user_id, ticket_ids, total, currency, status, expires_at, created_at)
    SELECT h.id, h.event_id, h.user_id, ARRAY(SELECT jsonb_array_elements_text(h.tickets)), h.total, h.currency,
           'ACTIVE', h.expires_at, v_now
      FROM unnest(h_id, h_event, h_user, h_tickets, h_total, h_currency, h_expires)
        AS h(id, event_id, user_id, tickets, total, currency, expires_at);
  END IF;
  RETURN to_jsonb(v_out);
END
$fn$`;

export const migration = statements([TAKE_HOLD_003, TAKE_HOLDS_FUNCTION]);
