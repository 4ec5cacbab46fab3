import { createHash } from 'node:crypto';
import { BoxOfficeError, isErrorCode, type ErrorCode } from '../domain/errors.js';
import type { IdempotencyStore } from '../ports/store.js';
import { claimLeased, type LeaseTiming } from './idempotency-lease.js';

/** Failures a retry could fix are not remembered under the key; every other outcome is. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['PAYMENT_UNCERTAIN', 'UNAVAILABLE', 'INTERNAL', 'STORE_LOCKED', 'IDEMPOTENCY_IN_PROGRESS']);

type Stored = { ok: unknown } | { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };

/**
 * Runs `run` at most once per (scope, key): a retry with the same key and the same request
 * gets the first outcome (result or final error) back and never runs the work again; the same
 * key with a different request is IDEMPOTENCY_MISMATCH. The claim is leased (see
 * idempotency-lease.ts): renewed while `run` works, retaken by a retry soon after its owner died.
 */
export async function withIdempotency<T>(
  store: IdempotencyStore,
  claim: { scope: string; key: string | undefined; request: unknown; timing?: LeaseTiming },
  run: () => Promise<T>,
): Promise<T> {
  if (claim.key === undefined) return run();
  const { scope, key } = claim;
  const fingerprint = fingerprintOf(claim.request);
  const state = await claimLeased(store, { scope, key, fingerprint }, claim.timing);
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
  const { held } = state;
  let result: T;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof BoxOfficeError && !RETRYABLE.has(error.code)) {
      await held.complete({ error: error.toJSON() } satisfies Stored);
    } else {
      await held.release();
    }
    throw error;
  }
  // If this call stalled past its lease and a retry took the key over, the retry's outcome is
  // the one recorded (complete writes nothing); this caller still gets what its own run did.
  await held.complete({ ok: result } satisfies Stored);
  return result;
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
