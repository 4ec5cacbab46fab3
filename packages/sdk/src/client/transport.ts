import type { Dispatcher, Pool } from 'undici';
import { BoxOfficeError } from '../domain/errors.js';
import { errorOfProblem } from './problem.js';

export interface TransportOptions {
  /** The server's base URL (`http://127.0.0.1:8080`, or with a path prefix). */
  url: string;
  /** A bearer token (`boxoffice auth token`); without one only viewing and searching work. */
  token?: string;
  /** Keep-alive connections to the server (default 16). */
  connections?: number;
  /** Give up on a request after this long (default 30 s). */
  timeoutMs?: number;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** The SDK's idempotencyKey, sent as `Idempotency-Key`. */
  idempotencyKey?: string | undefined;
  /** The user an admin token acts for, sent as `X-On-Behalf-Of`. */
  onBehalfOf?: string | undefined;
  accept?: string;
}

/** HTTP to one BoxOffice server over a keep-alive undici pool, loaded on first use. */
export class HttpTransport {
  readonly origin: string;
  readonly basePath: string;
  private pool: Promise<Pool> | undefined;
  private readonly timeoutMs: number;

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
  }

  get token(): string | undefined {
    return this.options.token;
  }

  /** The WebSocket URL of a server path. */
  wsUrl(path: string): string {
    return `${this.origin.replace(/^http/, 'ws')}${this.basePath}${path}`;
  }

  async call<T>(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
    const pool = await this.connect();
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
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
      throw new BoxOfficeError('UNAVAILABLE', `could not reach ${this.origin}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.body.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.statusCode >= 400) throw errorOfProblem(parsed, response.statusCode);
    if (parsed === undefined && text !== '') {
      throw new BoxOfficeError('UNAVAILABLE', `${this.origin} answered ${method} ${path} with something that is not JSON`);
    }
    return parsed as T;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).close();
  }

  private connect(): Promise<Pool> {
    this.pool ??= import('undici').then(({ Pool }) => new Pool(this.origin, { connections: this.options.connections ?? 16, pipelining: 1 }));
    return this.pool;
  }
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
