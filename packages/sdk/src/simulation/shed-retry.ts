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
      if (!isBoxOfficeError(error, 'UNAVAILABLE') || attempt >= SHED_RETRIES || stopping()) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
