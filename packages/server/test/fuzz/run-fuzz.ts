import http from 'node:http';
import fc from 'fast-check';
import { IdPools } from './id-pools.js';
import { authHeaders, materialise, operationsOf, requestsFor, type FuzzRequest } from './requests.js';

export interface FuzzOptions {
  readonly baseUrl: string;
  readonly secret: string;
  readonly pools: IdPools;
  readonly requests: number;
  readonly seed: number;
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number;
}

/** A response the fuzz counts against the server: a 5xx, a dropped connection, or a 4xx that is no problem document. */
export interface FuzzFinding {
  readonly op: string;
  readonly request: string;
  readonly status: number | 'network error';
  readonly answer: string;
}

export interface FuzzReport {
  readonly sent: number;
  readonly operations: number;
  /** Status counts per operation (`GET /events/{eventId}` → { 200: 12, 404: 30 }). */
  readonly statuses: ReadonlyMap<string, Readonly<Record<number, number>>>;
  /** Milliseconds spent waiting on each operation's answers, summed. */
  readonly timeByOp: ReadonlyMap<string, number>;
  readonly serverErrors: readonly FuzzFinding[];
  /**
   * Connections lost once and answered properly when the same request was sent again (on a
   * machine loaded by other work a connection may drop under the client); printed, not failed.
   * A request whose connection drops twice is a server error.
   */
  readonly transientDrops: readonly FuzzFinding[];
  /** 4xx answers that are not `application/problem+json` with a stable `code` (and a `field` for VALIDATION). */
  readonly unclearErrors: readonly FuzzFinding[];
  /** Generating the requests took this long; `ms` is the whole run. */
  readonly generatedMs: number;
  readonly ms: number;
}

/** Node's HTTP parser answers this itself (headers past 16 KiB), before Fastify sees the request. */
const PARSER_STATUSES = new Set([431]);

/**
 * Reads the server's /openapi.json, generates `requests` requests over every operation
 * (seeded: the same seed sends the same requests) and sends them, learning the ids of what
 * succeeded so later requests reach it.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const doc = (await (await fetch(`${options.baseUrl}/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
  const operations = operationsOf(doc);
  const perOperation = Math.ceil(options.requests / operations.length);
  // Every operation gets its share; then one order mixing them, so state builds up across routes.
  const requests: FuzzRequest[] = operations.flatMap((op, i) => fc.sample(requestsFor(op), { numRuns: perOperation, seed: options.seed + i }));
  const order = fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }), { numRuns: 1, seed: options.seed })[0]!;
  const generatedMs = Date.now() - started;
  const auth = authHeaders(options.secret);
  const statuses = new Map<string, Record<number, number>>();
  const serverErrors: FuzzFinding[] = [];
  const transientDrops: FuzzFinding[] = [];
  const unclearErrors: FuzzFinding[] = [];
  const timeByOp = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const r = order[next++]!;
      const { url, init } = materialise(r, options.pools, options.baseUrl, auth);
      const request = `${init.method} ${url.slice(options.baseUrl.length, options.baseUrl.length + 300)} ${String(init.body ?? '').slice(0, 300)}`;
      const sentAt = performance.now();
      let status: number;
      let text: string;
      let contentType: string;
      try {
        ({ status, contentType, text } = await send(url, init));
      } catch (error) {
        const drop: FuzzFinding = { op: r.op, request, status: 'network error', answer: String(error) };
        try {
          ({ status, contentType, text } = await send(url, init));
          transientDrops.push(drop);
        } catch (again) {
          serverErrors.push({ ...drop, answer: `${String(error)}; sent again: ${String(again)}` });
          continue;
        }
      }
      timeByOp.set(r.op, (timeByOp.get(r.op) ?? 0) + performance.now() - sentAt);
      const counts = statuses.get(r.op) ?? {};
      counts[status] = (counts[status] ?? 0) + 1;
      statuses.set(r.op, counts);
      if (status >= 500) serverErrors.push({ op: r.op, request, status, answer: text.slice(0, 500) });
      else if (status >= 400 && !PARSER_STATUSES.has(status) && !isProblem(contentType, text)) unclearErrors.push({ op: r.op, request, status, answer: text.slice(0, 300) });
      else if (status < 300 && contentType.includes('json')) learnFrom(options.pools, text);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { sent: order.length, operations: operations.length, statuses, timeByOp, serverErrors, transientDrops, unclearErrors, generatedMs, ms: Date.now() - started };
}

/**
 * One request on a connection of its own (no keep-alive): a connection the server closes
 * is then that request's failure, never a race with another request reusing the socket.
 */
function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    // The length is always sent: Node sends a GET's or DELETE's body unframed otherwise.
    const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const req = http.request(url, { method: init.method, headers, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', reject);
    req.end(init.body);
  });
}

function isProblem(contentType: string, text: string): boolean {
  if (!contentType.startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(text) as { code?: unknown; field?: unknown };
    // Bad input names the field at fault (the path, the query, the body when it is the whole).
    return typeof body.code === 'string' && (body.code !== 'VALIDATION' || typeof body.field === 'string');
  } catch {
    return false;
  }
}

function learnFrom(pools: IdPools, text: string): void {
  try {
    pools.learn(JSON.parse(text));
  } catch {
    // Not JSON after all (a metrics page): nothing to learn.
  }
}

/** Operations that never answered below 300: the fuzz reached only their errors. */
export function neverSucceeded(report: FuzzReport): string[] {
  return [...report.statuses].filter(([, counts]) => !Object.keys(counts).some((s) => Number(s) < 300)).map(([op]) => op);
}
