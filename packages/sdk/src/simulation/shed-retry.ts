import { isBoxOfficeError } from '../domain/errors.js';

/** Tries after the first, and the pause before each: a server's Retry-After is 1 s by default. */
export const SHED_RETRIES = 3;
export const SHED_PAUSE_MS = 1000;

/**
 * A call refused as UNAVAILABLE — over HTTP, a server shedding load (503 with Retry-After) or
 * not answering — is made again after a pause, as a browser honouring Retry-After would, a
 * few times; then the error stands. Only for calls that are safe to repeat without an
 * idempotency key: reads (the event, its tickets, the audit), a sweep, a join (joining twice keeps one
 * place) and a hold (if the first did take seats after all, that hold is never paid and expires). Every attempt is still timed and its
 * error counted by the caller's `metrics.time` inside `call`.
 */
/** For `retryShed` callers that never stop early. */
export const never = (): boolean => false;

export async function retryShed<T>(call: () => Promise<T>, stopping: () => boolean, pauseMs = SHED_PAUSE_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const shed = isBoxOfficeError(error, 'UNAVAILABLE') || isBoxOfficeError(error, 'RATE_LIMITED');
      if (!shed || attempt >= SHED_RETRIES || stopping()) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** Tries after the first for a confirm, and the first pause (doubling, at most CONFIRM_MAX_PAUSE_MS). */
export const CONFIRM_RETRIES = 5;
export const CONFIRM_PAUSE_MS = 500;
export const CONFIRM_MAX_PAUSE_MS = 4000;

/**
 * A confirm whose answer was lost (UNAVAILABLE: the connection dropped, or a server shedding
 * or failing over with 503) is sent again with the SAME idempotency key, so it is the same
 * purchase: the first outcome if it got through, never a second charge; one that is still
 * running elsewhere (IDEMPOTENCY_IN_PROGRESS, e.g. its first process died holding the key
 * until the key's lease lapses, ~5 s) is asked again after a pause. Backoff doubles from
 * `pauseMs` (0.5, 1, 2, 4, 4 s: ~11.5 s in all, past a lease); then the error stands. Not
 * cut short when the run stops: the user holds seats and may already have paid.
 */
export async function retryConfirm<T>(call: () => Promise<T>, pauseMs = CONFIRM_PAUSE_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = isBoxOfficeError(error, 'UNAVAILABLE') || isBoxOfficeError(error, 'IDEMPOTENCY_IN_PROGRESS');
      if (!retryable || attempt >= CONFIRM_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(CONFIRM_MAX_PAUSE_MS, pauseMs * 2 ** attempt)));
    }
  }
}
