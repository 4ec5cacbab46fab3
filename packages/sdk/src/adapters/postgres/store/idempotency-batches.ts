import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { IdempotencyClaim, IdempotencyLease } from '../../../ports/store.js';
import { CallBatcher, settle } from '../concurrency/call-batcher.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { claimFrom, claimIdempotencyKey, completeIdempotencyKey, leaseMsOf } from './idempotency.js';

/**
 * The grouped forms of the idempotency writes every keyed call makes (see
 * concurrency/call-batcher.ts): the claims of concurrent calls as one statement, their
 * outcomes recorded as one statement.
 * Each answer is the one the call would get alone: claims run one `bo_claim_idempotency_lease`
 * after another in array order (a later claim of the same key sees the earlier one's row), and
 * recording is conditional on the owner.
 */
type Db = Kysely<BoxOfficeDatabase>;

export interface KeyClaim {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly lease: IdempotencyLease;
}

export interface KeyOutcome {
  readonly scope: string;
  readonly key: string;
  readonly owner: string;
  readonly response: unknown;
}

export async function claimIdempotencyKeys(db: Db, claims: readonly KeyClaim[]): Promise<PromiseSettledResult<IdempotencyClaim>[]> {
  const payload = claims.map((c) => ({ scope: c.scope, key: c.key, fingerprint: c.fingerprint, owner: c.lease.owner, lease_ms: leaseMsOf(c.lease) }));
  const { rows } = await sql<{ r: { state: string; response?: unknown } }>`
    SELECT bo_claim_idempotency_lease(e->>'scope', e->>'key', e->>'fingerprint', e->>'owner', (e->>'lease_ms')::int8) AS r
      FROM jsonb_array_elements(${JSON.stringify(payload)}::jsonb) WITH ORDINALITY AS a(e, n)
     ORDER BY n`.execute(db);
  return claims.map((_, i) => settle(() => claimFrom(rows[i]?.r)));
}

/** Outcomes recorded in one UPDATE, each only if its owner still holds the claim. */
export async function completeIdempotencyKeys(db: Db, outcomes: readonly KeyOutcome[]): Promise<PromiseSettledResult<boolean>[]> {
  const payload = outcomes.map((o) => ({ scope: o.scope, key: o.key, owner: o.owner, response: o.response ?? null }));
  const { rows } = await sql<{ scope: string; key: string; owner: string }>`
    UPDATE idempotency_keys k
       SET state = 'done', response = x.response, updated_at = bo_now(), owner = NULL, lease_until = NULL
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(scope text, "key" text, owner text, response jsonb)
     WHERE k.scope = x.scope AND k."key" = x."key" AND k.state = 'in-progress' AND k.owner = x.owner
     RETURNING x.scope, x."key", x.owner`.execute(db);
  const done = new Set(rows.map((r) => `${r.scope}\u0000${r.key}\u0000${r.owner}`));
  return outcomes.map((o) => ({ status: 'fulfilled', value: done.has(`${o.scope}\u0000${o.key}\u0000${o.owner}`) }));
}

/** A store's batchers for idempotency claims and outcomes. */
export class IdempotencyBatchers {
  readonly claims: CallBatcher<KeyClaim, IdempotencyClaim>;
  readonly outcomes: CallBatcher<KeyOutcome, boolean>;

  constructor(db: Db) {
    this.claims = new CallBatcher({
      one: (c) => claimIdempotencyKey(db, c.scope, c.key, c.fingerprint, c.lease),
      many: (cs) => claimIdempotencyKeys(db, cs),
    });
    this.outcomes = new CallBatcher({
      one: (o) => completeIdempotencyKey(db, o.scope, o.key, o.owner, o.response),
      many: (os) => completeIdempotencyKeys(db, os),
    });
  }
}
