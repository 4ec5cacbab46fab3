import { BoxOfficeError, isErrorCode, type ErrorCode } from '../domain/errors.js';

/**
 * Reads an RFC 9457 problem (as the server sends it) back into the SDK's error, with the same
 * code, field and details the embedded SDK would have thrown, and the request's id: the
 * answer's `X-Request-Id` header when given (this request's), else the body's `requestId` (which,
 * on an answer replayed for an Idempotency-Key, is the first request's).
 */
export function errorOfProblem(body: unknown, status: number, requestId?: string): BoxOfficeError {
  const p = (body ?? {}) as { code?: unknown; detail?: unknown; field?: unknown; details?: unknown; requestId?: unknown };
  const id = requestId ?? (typeof p.requestId === 'string' ? p.requestId : undefined);
  const code: ErrorCode = isErrorCode(p.code) ? p.code : fallbackCode(status);
  return new BoxOfficeError(code, typeof p.detail === 'string' ? p.detail : `the server answered HTTP ${status}`, {
    ...(typeof p.field === 'string' ? { field: p.field } : {}),
    ...(p.details !== null && typeof p.details === 'object' && !Array.isArray(p.details) ? { details: p.details as Record<string, unknown> } : {}),
    ...(id === undefined ? {} : { requestId: id }),
  });
}

/** A status from something that is not a BoxOffice server (a proxy, a load balancer). */
function fallbackCode(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'VALIDATION';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429 || status >= 500) return 'UNAVAILABLE';
  return 'INTERNAL';
}
