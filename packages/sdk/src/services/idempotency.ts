import { createHash } from 'node:crypto';
import { BoxOfficeError, isErrorCode, type ErrorCode } from '../domain/errors.js';
import type { IdempotencyStore } from '../ports/store.js';

/** Failures a retry could fix are not remembered under the key; every other outcome is. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['PAYMENT_UNCERTAIN', 'UNAVAILABLE', 'INTERNAL', 'STORE_LOCKED', 'IDEMPOTENCY_IN_PROGRESS']);

/** A claim older than this is taken to belong to a crashed process and may be retaken. */
export const IDEMPOTENCY_STALE_AFTER_MS = 60_000;

type Stored = { ok: unknown } | { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };

/**
 * Runs `run` at most once per (scope, key): a retry with the same key and the same request
 * gets the first outcome (result or final error) back and never runs the work again; the same
 * key with a different request is IDEMPOTENCY_MISMATCH.
 */
export async function withIdempotency<T>(
  store: IdempotencyStore,
  claim: { scope: string; key: string | undefined; request: unknown },
  run: () => Promise<T>,
): Promise<T> {
  if (claim.key === undefined) return run();
  const { scope, key } = claim;
  const fingerprint = fingerprintOf(claim.request);
  const state = await store.claimIdempotencyKey(scope, key, fingerprint, IDEMPOTENCY_STALE_AFTER_MS);
  switch (state.state) {
    case 'mismatch':
      throw new BoxOfficeError('IDEMPOTENCY_MISMATCH', `idempotencyKey ${key} was already used for a different request`, {
        field: 'idempotencyKey',
      });
    case 'in-progress':
      throw new BoxOfficeError('IDEMPOTENCY_IN_PROGRESS', `a request with idempotencyKey ${key} is still running; retry shortly`, {
        field: 'idempotencyKey',
      });
    case 'done':
      return replay<T>(state.response as Stored);
    case 'new':
      break;
  }
  try {
    const result = await run();
    await store.completeIdempotencyKey(scope, key, { ok: result } satisfies Stored);
    return result;
  } catch (error) {
    if (error instanceof BoxOfficeError && !RETRYABLE.has(error.code)) {
      await store.completeIdempotencyKey(scope, key, { error: error.toJSON() } satisfies Stored);
    } else {
      await store.releaseIdempotencyKey(scope, key);
    }
    throw error;
  }
}

function replay<T>(stored: Stored): T {
  if ('ok' in stored) return stored.ok as T;
  const e = stored.error;
  throw new BoxOfficeError(isErrorCode(e.code) ? e.code : 'INTERNAL', e.message, {
    ...(e.field === undefined ? {} : { field: e.field }),
    details: { ...e.details, replayed: true },
  });
}

/** A stable hash of a request: object keys sorted, so property order does not matter. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
