import { statements } from './statements.js';

/**
 * Migration 009: leased idempotency claims. A claim records its owner (a random token of the
 * claiming call) and how long it lasts (`lease_until`, store clock); the owner renews it while
 * its work runs, and a claim whose lease lapsed — its owner died — is taken over by the next
 * retry within seconds, not after the 60 s migration 002's bo_claim_idempotency waited.
 * Completing, renewing and releasing name the owner, so a first owner that stalled past its
 * lease cannot overwrite the new owner's outcome.
 *
 * bo_claim_idempotency (002) is left as released; the leased claim is a new function. A row
 * claimed before this migration (or by a process still on the old code during a rolling
 * deploy) has no lease: it counts as leased until `p_lease_ms` after its last write.
 */
export const migration = statements([
  `ALTER TABLE idempotency_keys ADD COLUMN owner text, ADD COLUMN lease_until timestamptz`,
  `CREATE FUNCTION bo_claim_idempotency_lease(p_scope text, p_key text, p_fingerprint text, p_owner text, p_lease_ms bigint)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $fn$
DECLARE
  r idempotency_keys%ROWTYPE;
  v_now timestamptz;
  v_lease interval := p_lease_ms * interval '1 millisecond';
BEGIN
  FOR attempt IN 1..5 LOOP
    v_now := bo_now();
    INSERT INTO idempotency_keys (scope, "key", fingerprint, state, response, created_at, updated_at, owner, lease_until)
    VALUES (p_scope, p_key, p_fingerprint, 'in-progress', NULL, v_now, v_now, p_owner, v_now + v_lease)
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
      IF COALESCE(r.lease_until, r.updated_at + v_lease) <= v_now THEN
        UPDATE idempotency_keys SET owner = p_owner, lease_until = v_now + v_lease, updated_at = v_now
         WHERE scope = p_scope AND "key" = p_key;
        RETURN jsonb_build_object('state', 'new');
      END IF;
      RETURN jsonb_build_object('state', 'in-progress');
    END IF;
    -- The row was released between our insert and our read: try again.
  END LOOP;
  RETURN jsonb_build_object('state', 'in-progress');
END
$fn$`,
]);
