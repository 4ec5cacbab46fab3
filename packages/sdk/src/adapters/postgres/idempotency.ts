import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { BoxOfficeError } from '../../domain/errors.js';
import type { IdempotencyClaim } from '../../ports/store.js';
import type { BoxOfficeDatabase } from './db-types.js';

/** Idempotency keys: claim is one call of `bo_claim_idempotency` (insert-or-read, one round trip). */
type Db = Kysely<BoxOfficeDatabase>;

export async function claimIdempotencyKey(
  db: Db,
  scope: string,
  key: string,
  fingerprint: string,
  staleAfterMs: number,
): Promise<IdempotencyClaim> {
  const stale = Math.max(0, Math.floor(staleAfterMs));
  const { rows } = await sql<{ r: { state: string; response?: unknown } }>`
    SELECT bo_claim_idempotency(${scope}, ${key}, ${fingerprint}, ${stale}::int8) AS r`.execute(db);
  const r = rows[0]?.r;
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
      throw new BoxOfficeError('INTERNAL', `bo_claim_idempotency returned ${JSON.stringify(r)}`);
  }
}

/** Stores the response (as JSON; `undefined` is stored as null). */
export async function completeIdempotencyKey(db: Db, scope: string, key: string, response: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response: JSON.stringify(response ?? null), updated_at: sql<string>`bo_now()` })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

/** Forgets an unfinished claim; a finished one is kept (its response stays the answer). */
export async function releaseIdempotencyKey(db: Db, scope: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('state', '=', 'in-progress')
    .execute();
}
