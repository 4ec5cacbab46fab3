import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher, Pool } from 'undici';
import { BoxOfficeError } from '../domain/errors.js';
import { errorOfProblem } from './problem.js';
import { networkFailure, retryAfterMs, retryDelay, retryPolicyOf, type Repeatable, type RetryOptions, type RetryPolicy, type TryFailure } from './retry.js';

export interface TransportOptions {
  /** The server's base URL (`http://127.0.0.1:8080`, or with a path prefix). */
  url: string;
  /** A bearer token (`boxoffice auth token`); without one only viewing and searching work. */
  token?: string;
  /** Keep-alive connections to the server (default 16). */
  connections?: number;
  /** Give up on a try after this long without an answer, or between parts of its body (default 30 s); a timeout is not retried. */
  timeoutMs?: number;
  /**
   * Retries of calls that failed before the server decided anything (connection refused or
   * dropped, 503): `{ attempts, baseDelayMs, maxDelayMs }` (default 3 tries, 200 ms doubling
   * with jitter, at most 5 s), or false for a single try. See retry.ts for what is retried.
   */
  retry?: RetryOptions | false;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** The SDK's idempotencyKey, sent as `Idempotency-Key`. */
  idempotencyKey?: string | undefined;
  /** The user an admin token acts for, sent as `X-On-Behalf-Of`. */
  onBehalfOf?: string | undefined;
  accept?: string;
  /** Whether the call may be sent again (default: `safe` for GET and HEAD, `no` for the rest). */
  repeatable?: Repeatable;
}

/** One try's outcome: the value, or the error and what the retry policy needs to know of it. */
type TryResult<T> = { ok: true; value: T } | { ok: false; error: BoxOfficeError; failure: TryFailure | undefined; answered: boolean };

/** HTTP to one BoxOffice server over a keep-alive undici pool, loaded on first use. */
export class HttpTransport {
  readonly origin: string;
  readonly basePath: string;
  private pool: Promise<Pool> | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  /** Aborted by close(): a call waiting to retry gives up with its last error. */
  private closing = new AbortController();

  constructor(private readonly options: TransportOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new BoxOfficeError('VALIDATION', `url: not a URL: ${options.url}`, { field: 'url' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new BoxOfficeError('VALIDATION', 'url: must be http:// or https://', { field: 'url' });
    }
    this.origin = parsed.origin;
    this.basePath = parsed.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = retryPolicyOf(options.retry);
  }

  get token(): string | undefined {
    return this.options.token;
  }

  /** The WebSocket URL of a server path. */
  wsUrl(path: string): string {
    return `${this.origin.replace(/^http/, 'ws')}${this.basePath}${path}`;
  }

  /**
   * One call, tried again as the retry policy allows (see retry.ts). A `by-key` call without a
   * key gets one generated here, the same on every try, so the server runs it at most once; an
   * error of such a call whose outcome is unknown names it in `details.idempotencyKey`.
   */
  async call<T>(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
    const repeatable = options.repeatable ?? (method === 'GET' || method === 'HEAD' ? 'safe' : 'no');
    const generatedKey = options.idempotencyKey === undefined && repeatable === 'by-key' && this.retry.attempts > 1 ? `auto-${globalThis.crypto.randomUUID()}` : undefined;
    const idempotencyKey = options.idempotencyKey ?? generatedKey;
    // One id per call, the same on every try: the server logs (and answers) under it, so a
    // client's error, with or without an answer, names the server's log lines of that call.
    const requestId = globalThis.crypto.randomUUID();
    const signal = this.closing.signal;
    for (let attempt = 1; ; attempt++) {
      const result = await this.tryOnce<T>(method, path, options, idempotencyKey, requestId);
      if (result.ok) return result.value;
      const delay = result.failure === undefined || signal.aborted ? undefined : retryDelay(result.failure, attempt, repeatable, this.retry);
      if (delay === undefined) throw finalError(result, attempt, generatedKey);
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        throw finalError(result, attempt, generatedKey);
      }
    }
  }

  private async tryOnce<T>(method: Dispatcher.HttpMethod, path: string, options: CallOptions, idempotencyKey: string | undefined, sentId: string): Promise<TryResult<T>> {
    const pool = await this.connect();
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json', 'x-request-id': sentId };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (options.onBehalfOf !== undefined) headers['x-on-behalf-of'] = options.onBehalfOf;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await pool.request({
        method,
        path: `${this.basePath}${path}${queryString(options.query)}`,
        headers,
        ...(body === undefined ? {} : { body }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      return { ok: false, error: this.unreachable(error, sentId), failure: networkFailure(error), answered: false };
    }
    // The server echoes the id it was sent; an answer without one (a balancer's) keeps the sent id.
    const requestId = headerValue(response.headers['x-request-id']) ?? sentId;
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      // The answer started but broke off: whatever the request did, it did.
      const failure = networkFailure(error);
      return { ok: false, error: this.unreachable(error, sentId), failure: failure && { kind: 'lost' }, answered: false };
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.statusCode >= 400) {
      const error = errorOfProblem(parsed, response.statusCode, requestId);
      const retryAfter = retryAfterMs(response.headers['retry-after']);
      return { ok: false, error, failure: { kind: 'answer', status: response.statusCode, code: error.code, retryAfterMs: retryAfter }, answered: true };
    }
    if (parsed === undefined && text !== '') {
      const error = new BoxOfficeError('UNAVAILABLE', `${this.origin} answered ${method} ${path} with something that is not JSON`, { requestId });
      return { ok: false, error, failure: undefined, answered: true };
    }
    return { ok: true, value: parsed as T };
  }

  /** No (whole) answer: the error names the id the call was sent with, which the server logs if it got that far. */
  private unreachable(error: unknown, requestId: string): BoxOfficeError {
    return new BoxOfficeError('UNAVAILABLE', `could not reach ${this.origin}: ${(error as Error).message}`, { cause: error, requestId });
  }

  /**
   * Opens `connections` keep-alive connections now, with one `GET /healthz` on each at once (a
   * request on every connection is the only way undici opens them), so that a burst of calls
   * that follows finds them open. Worth it before a burst: a Node 20 server accepts one new
   * connection per turn of its event loop, so when hundreds of clients connect at once to a
   * busy server, the last ones wait seconds in its accept queue (docs/benchmarks.md).
   */
  async preconnect(connections = this.options.connections ?? 16): Promise<void> {
    await Promise.all(Array.from({ length: connections }, () => this.call('GET', '/healthz', { repeatable: 'no' })));
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.closing = new AbortController();
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close();
  }

  private connect(): Promise<Pool> {
    this.pool ??= import('undici').then(({ Pool }) => new Pool(this.origin, { connections: this.options.connections ?? 16, pipelining: 1 }));
    return this.pool;
  }
}

/**
 * The error a call ends with. After several tries with no answer, the message says how many. A
 * call whose key was generated and whose outcome is unknown (no answer, a 5xx, the key still in
 * progress) names the key in `details.idempotencyKey`, so the caller can retry with it and get
 * the first outcome; a final answer (SEAT_UNAVAILABLE...) is left as the server gave it.
 */
function finalError({ error, answered, failure }: { error: BoxOfficeError; answered: boolean; failure: TryFailure | undefined }, attempts: number, generatedKey: string | undefined): BoxOfficeError {
  // An answer the client could not read (a 2xx that is not JSON) leaves the outcome unknown too.
  const unknownOutcome = failure?.kind !== 'answer' || failure.status >= 500 || failure.code === 'IDEMPOTENCY_IN_PROGRESS';
  const key = unknownOutcome ? generatedKey : undefined;
  const counted = !answered && attempts > 1;
  if (key === undefined && !counted) return error;
  return new BoxOfficeError(error.code, counted ? `${error.message} (${attempts} tries)` : error.message, {
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(key === undefined && error.details === undefined ? {} : { details: { ...error.details, ...(key === undefined ? {} : { idempotencyKey: key }) } }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryString(query: CallOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** A path segment from an id (already validated; encoded all the same). */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
