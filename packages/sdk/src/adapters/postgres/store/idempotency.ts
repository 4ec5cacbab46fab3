import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import type { IdempotencyClaim, IdempotencyLease } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';

/**
 * Idempotency keys: claim is one call of `bo_claim_idempotency_lease` (migration 009:
 * insert-or-read, one round trip); renew, complete and release are single conditional writes
 * on the owner, so an owner that lost its lease writes nothing.
 */
type Db = Kysely<BoxOfficeDatabase>;

export const leaseMsOf = (lease: IdempotencyLease): number => Math.max(0, Math.floor(lease.leaseMs));

export async function claimIdempotencyKey(db: Db, scope: string, key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyClaim> {
  const { rows } = await sql<{ r: { state: string; response?: unknown } }>`
    SELECT bo_claim_idempotency_lease(${scope}, ${key}, ${fingerprint}, ${lease.owner}, ${leaseMsOf(lease)}::int8) AS r`.execute(db);
  return claimFrom(rows[0]?.r);
}

/** What one answer of `bo_claim_idempotency_lease` means (shared with the grouped claims). */
export function claimFrom(r: { state: string; response?: unknown } | undefined): IdempotencyClaim {
  switch (r?.state) {
    case 'new':
      return { state: 'new' };
    case 'done':
      return { state: 'done', response: r.response ?? null };
    case 'mismatch':
      return { state: 'mismatch' };
    case 'in-progress':
      return { state: 'in-progress' };
    default:
      throw new BoxOfficeError('INTERNAL', `bo_claim_idempotency_lease returned ${JSON.stringify(r)}`);
  }
}

export async function renewIdempotencyKey(db: Db, scope: string, key: string, lease: IdempotencyLease): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ lease_until: sql<string>`bo_now() + ${leaseMsOf(lease)}::int8 * interval '1 millisecond'` })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('state', '=', 'in-progress')
    .where('owner', '=', lease.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Stores the response (as JSON; `undefined` is stored as null) if `owner` still holds the claim. */
export async function completeIdempotencyKey(db: Db, scope: string, key: string, owner: string, response: unknown): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response: JSON.stringify(response ?? null), updated_at: sql<string>`bo_now()`, owner: null, lease_until: null })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('state', '=', 'in-progress')
    .where('owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Forgets `owner`'s unfinished claim; a finished one, or another owner's, is kept. */
export async function releaseIdempotencyKey(db: Db, scope: string, key: string, owner: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('state', '=', 'in-progress')
    .where('owner', '=', owner)
    .execute();
}
