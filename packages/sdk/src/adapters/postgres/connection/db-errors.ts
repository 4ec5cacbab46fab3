import { BoxOfficeError, isBoxOfficeError } from '../../../domain/errors.js';

/**
 * Turns driver errors callers can act on into BoxOfficeErrors with stable codes; anything
 * else (a bug, a broken schema) is rethrown as it is. Errors from `pg` and PGlite both carry
 * the SQLSTATE in `code`; `pg` network failures carry a Node errno code.
 */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);

/**
 * The database, not the request, is at fault: connection exceptions (08), the server shutting
 * down or starting (57P01-57P03), out of connections, memory or disk (53), or the socket lost.
 */
export function isConnectionFault(code: string): boolean {
  return UNAVAILABLE_ERRNO.has(code) || code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03';
}

export function translateDbError(error: unknown): unknown {
  if (isBoxOfficeError(error) || typeof error !== 'object' || error === null) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== 'string') {
    // node-postgres's own words for a lost or never-opened session; pg-pool's for a session it
    // could not open in `connectionTimeoutMillis`.
    if (/Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable/i.test(message)) {
      return new BoxOfficeError('UNAVAILABLE', `database unavailable: ${message}`, { cause: error });
    }
    return error;
  }
  if (isConnectionFault(code)) {
    return new BoxOfficeError('UNAVAILABLE', `database unavailable: ${message}`, { cause: error });
  }
  if (code === '55P03' || code === '57014') {
    // lock_timeout or statement_timeout (see openPostgresStore): a row held elsewhere or a
    // database too slow to answer. The statement rolled back; a retry later may succeed.
    return new BoxOfficeError('UNAVAILABLE', `database busy, try again: ${message}`, { cause: error, details: { retryable: true } });
  }
  if (code === '23505') {
    const constraint = (error as { constraint?: unknown }).constraint;
    return new BoxOfficeError('CONFLICT', `already exists: ${message}`, {
      cause: error,
      details: typeof constraint === 'string' ? { constraint } : {},
    });
  }
  if (code === '23503') {
    return new BoxOfficeError('NOT_FOUND', `refers to a record that does not exist: ${message}`, { cause: error });
  }
  if (code === '40001' || code === '40P01') {
    return new BoxOfficeError('CONFLICT', `concurrent update, retry: ${message}`, { cause: error, details: { retryable: true } });
  }
  if (code === '22023' || code === '22P02' || code === '23514') {
    return new BoxOfficeError('VALIDATION', message, { cause: error });
  }
  return error;
}

/** Runs `work`, translating what it throws. */
export async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDbError(error);
  }
}
