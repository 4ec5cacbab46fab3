import { invalid } from '../domain/errors.js';

/**
 * The remote client's retries (`connect(url, { retry })`). A call is tried again only when the
 * failure says nothing was decided — the connection failed or dropped before an answer, or the
 * server (or a proxy) answered 503 — and only when trying again cannot do the work twice:
 * see `Repeatable`.
 */
export interface RetryOptions {
  /** Tries in all, the first included (default 3; 1 never retries). At most 10. */
  attempts?: number;
  /**
   * The pause before the first retry (default 200 ms); each further one doubles, up to
   * `maxDelayMs`, and is jittered (between half and all of it) so clients dropped together do not
   * come back together.
   */
  baseDelayMs?: number;
  /**
   * The longest pause (default 5000 ms). A 503's `Retry-After` is honoured (plus jitter) when it
   * is at most this long; a server asking for a longer wait gets the error back at once instead.
   */
  maxDelayMs?: number;
}

export type RetryPolicy = Readonly<Required<RetryOptions>>;

export const RETRY_DEFAULTS: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5000 };
const MAX_ATTEMPTS = 10;
const MAX_DELAY_MS = 60_000;

/** The policy from `connect`'s option: defaults for undefined, a single try for false; bad values name the field. */
export function retryPolicyOf(option: RetryOptions | false | undefined): RetryPolicy {
  if (option === false) return { ...RETRY_DEFAULTS, attempts: 1 };
  if (option === undefined) return RETRY_DEFAULTS;
  if (option === null || typeof option !== 'object') throw invalid('retry', 'give { attempts, baseDelayMs, maxDelayMs } or false');
  const policy = { ...RETRY_DEFAULTS, ...definedOnly(option) };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > MAX_ATTEMPTS) {
    throw invalid('retry.attempts', `a whole number from 1 to ${MAX_ATTEMPTS} (tries in all, the first included)`);
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = policy[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS) throw invalid(`retry.${name}`, `milliseconds from 0 to ${MAX_DELAY_MS}`);
  }
  if (policy.maxDelayMs < policy.baseDelayMs) throw invalid('retry.maxDelayMs', 'must be at least retry.baseDelayMs');
  return policy;
}

function definedOnly(option: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(option).filter(([, v]) => v !== undefined));
}

/**
 * Whether a call may be sent again after a failure that may have reached the server:
 * - `safe`: as it is — reads, and writes whose repeat changes nothing more (releasing a hold
 *   answers the released hold, a queue join the same number);
 * - `by-key`: the server de-duplicates it by `Idempotency-Key` (a hold, a confirm, a booking, a
 *   cancel, a queue leave): it is sent with the caller's key, or one generated for the call, the same on every
 *   try, so a retry gets the first outcome back and never books or charges twice;
 * - `no`: never; it is tried again only when it certainly never left (connection refused).
 */
export type Repeatable = 'safe' | 'by-key' | 'no';

/** What went wrong with one try, as far as retrying cares. */
export type TryFailure =
  /** No connection was made: the request never left. */
  | { readonly kind: 'not-sent' }
  /** The connection broke after the request may have been sent, before the whole answer came. */
  | { readonly kind: 'lost' }
  /** An answer: its status, its error code, and its Retry-After in ms (undefined when absent). */
  | { readonly kind: 'answer'; readonly status: number; readonly code: string; readonly retryAfterMs: number | undefined };

/** Socket errors raised before a connection existed: nothing was sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
/** Socket errors of a connection that broke: the request may have reached the server. */
const LOST_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

/**
 * A network error as a try's failure, or undefined for one no retry can fix: a timeout (the
 * call's `timeoutMs` is its budget, not each try's), a name that does not resolve, a client
 * closed by its owner.
 */
export function networkFailure(error: unknown): TryFailure | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (NOT_SENT_CODES.has(code)) return { kind: 'not-sent' };
  if (LOST_CODES.has(code)) return { kind: 'lost' };
  return undefined;
}

/** The code of a socket or undici error; a connection tried on several addresses fails with an AggregateError of them. */
function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: unknown[] } | null;
  if (e === null || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string') return e.code;
  return Array.isArray(e.errors) ? errorCode(e.errors[0]) : undefined;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The pause before try number `attempt + 1`, or undefined when the failure of try `attempt`
 * stands. Retried: a request that never left (any call); a lost connection or a 503 (calls that
 * are `safe` or `by-key`); a 409 IDEMPOTENCY_IN_PROGRESS answering a retry of a `by-key` call
 * (its own earlier try, still running on the server, holds the key). Not retried: 429 (the
 * caller is over its own budget: more tries would keep it there and hide that from it; the error
 * carries the status, and the server's Retry-After says when to come back), 502 PAYMENT_UNCERTAIN
 * and every other answer, which the server decided.
 */
export function retryDelay(failure: TryFailure, attempt: number, repeatable: Repeatable, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + (random() * backoff) / 2;
  switch (failure.kind) {
    case 'not-sent':
      return jittered;
    case 'lost':
      return repeatable === 'no' ? undefined : jittered;
    case 'answer': {
      if (repeatable === 'no') return undefined;
      if (failure.status === 409 && failure.code === 'IDEMPOTENCY_IN_PROGRESS') return repeatable === 'by-key' && attempt > 1 ? jittered : undefined;
      if (failure.status !== 503) return undefined;
      if (failure.retryAfterMs === undefined) return jittered;
      // The server said when: not sooner (it is shedding load), and not at all past our limit.
      if (failure.retryAfterMs > policy.maxDelayMs) return undefined;
      return Math.min(policy.maxDelayMs, failure.retryAfterMs + (random() * backoff) / 2);
    }
  }
}
