import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import type { TakeHoldRequest, TakeHoldResult } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { isDefiniteFailure } from '../concurrency/call-batcher.js';
import { checkTakeHold, takeHold, takeHoldResult } from './holds.js';

type Db = Kysely<BoxOfficeDatabase>;

/**
 * Many holds in one round trip and one transaction: one call of `bo_take_holds` (migration
 * 003). Each request is all-or-nothing and gets the answer `bo_take_hold` would give it had
 * the requests run one after another in this order. Throws if the call fails as a whole
 * (nothing is written then, unless the connection was lost: see `isDefiniteFailure`).
 */
export async function takeHolds(db: Db, requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
  if (requests.length === 0) return [];
  const payload = requests.map((req) => ({
    hold_id: req.holdId,
    event_id: req.eventId,
    user_id: req.userId,
    ticket_ids: checkTakeHold(req),
    ttl_seconds: req.ttlSeconds,
    max_per_user: req.maxTicketsPerUser,
  }));
  // Sent as text: node-postgres would turn a JS array into a PostgreSQL array literal.
  const { rows } = await sql<{ r: unknown }>`SELECT bo_take_holds(${JSON.stringify(payload)}::jsonb) AS r`.execute(db);
  const out = rows[0]?.r;
  if (!Array.isArray(out) || out.length !== requests.length) {
    throw new BoxOfficeError('INTERNAL', `bo_take_holds answered ${Array.isArray(out) ? out.length : 'no'} results for ${requests.length} requests`);
  }
  return requests.map((req, i) => takeHoldResult(req, out[i] as Record<string, unknown>));
}

/** One `bo_take_hold` after another: the answers `bo_take_holds` gives, where it is missing. */
async function sequentially(db: Db, requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
  const results: TakeHoldResult[] = [];
  for (const request of requests) results.push(await takeHold(db, request));
  return results;
}

/**
 * `takeHolds` where the database may predate `bo_take_holds` (migration 003): then one by one.
 */
export async function takeHoldsOrOneByOne(db: Db, requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
  try {
    return await takeHolds(db, requests);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== '42883') throw error;
    return sequentially(db, requests);
  }
}

interface Pending {
  readonly request: TakeHoldRequest;
  readonly resolve: (result: TakeHoldResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What a batcher did so far (for benchmarks and tests). */
export interface HoldBatchStats {
  /** Calls of `bo_take_holds` that answered. */
  batches: number;
  /** Requests answered by those calls. */
  batchedRequests: number;
  /** Requests sent alone (`bo_take_hold`): nothing else was waiting, or a fallback. */
  singles: number;
  /** Batch calls that failed as a whole and were retried one by one. */
  fallbacks: number;
}

export interface HoldBatcherOptions {
  /** Most requests in one call (default 128). */
  readonly maxBatch?: number;
  /** Batches in flight at once for one event (default 1); each event has its own. */
  readonly maxInFlight?: number;
}

/** One event's queue of holds and its batches in flight (see HoldBatcher). */
interface Lane {
  queue: Pending[];
  inFlight: number;
}

/**
 * Groups a store's concurrent `takeHold` calls: a call made while no batch is in flight goes
 * out at once (alone, through `bo_take_hold`, so an idle store pays no extra latency); calls
 * made while a batch is in flight wait for it, then all go out together as ONE call of
 * `bo_take_holds`. If that call fails as a whole, each request is retried alone, in order, so
 * a batch never turns a request's answer into another request's failure.
 */
export class HoldBatcher {
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  /**
   * Per event: a batch stuck on one event's row (a lock held elsewhere, until lock_timeout)
   * must not hold back every other event's holds queued behind it in one shared line.
   */
  readonly #lanes = new Map<string, Lane>();
  /** Set when the database has no `bo_take_holds` (a schema not migrated to 003). */
  #unsupported = false;
  readonly stats: HoldBatchStats = { batches: 0, batchedRequests: 0, singles: 0, fallbacks: 0 };

  constructor(db: Db, options: HoldBatcherOptions = {}) {
    this.#db = db;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 128);
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  take(request: TakeHoldRequest): Promise<TakeHoldResult> {
    // The same checks as a single call, before queueing, so bad input fails alone.
    try {
      checkTakeHold(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#unsupported) {
      this.stats.singles++;
      return takeHold(this.#db, request);
    }
    return new Promise<TakeHoldResult>((resolve, reject) => {
      let lane = this.#lanes.get(request.eventId);
      if (!lane) this.#lanes.set(request.eventId, (lane = { queue: [], inFlight: 0 }));
      lane.queue.push({ request, resolve, reject });
      this.#pump(request.eventId, lane);
    });
  }

  /** Several requests that go out together (in this order) unless a batch of their event is in flight. */
  takeMany(requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
    try {
      for (const request of requests) checkTakeHold(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#unsupported) {
      this.stats.singles += requests.length;
      return sequentially(this.#db, requests);
    }
    const touched = new Map<string, Lane>();
    const answers = requests.map(
      (request) =>
        new Promise<TakeHoldResult>((resolve, reject) => {
          let lane = this.#lanes.get(request.eventId);
          if (!lane) this.#lanes.set(request.eventId, (lane = { queue: [], inFlight: 0 }));
          lane.queue.push({ request, resolve, reject });
          touched.set(request.eventId, lane);
        }),
    );
    for (const [eventId, lane] of touched) this.#pump(eventId, lane);
    return Promise.all(answers);
  }

  #pump(eventId: string, lane: Lane): void {
    while (lane.inFlight < this.#maxInFlight && lane.queue.length > 0) {
      const batch = lane.queue.length <= this.#maxBatch ? lane.queue : lane.queue.slice(0, this.#maxBatch);
      lane.queue = lane.queue.length <= this.#maxBatch ? [] : lane.queue.slice(this.#maxBatch);
      lane.inFlight++;
      void this.#send(batch).finally(() => {
        lane.inFlight--;
        this.#pump(eventId, lane);
      });
    }
    if (lane.inFlight === 0 && lane.queue.length === 0) this.#lanes.delete(eventId);
  }

  async #send(batch: readonly Pending[]): Promise<void> {
    if (batch.length === 1 || this.#unsupported) {
      await Promise.all(batch.map((p) => this.#single(p)));
      return;
    }
    let results: TakeHoldResult[];
    try {
      results = await takeHolds(this.#db, batch.map((p) => p.request));
    } catch (error) {
      if (!isDefiniteFailure(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      if ((error as { code?: unknown }).code === '42883') this.#unsupported = true;
      this.stats.fallbacks++;
      // One after another, in batch order: the answers a batch would have given.
      for (const p of batch) await this.#single(p);
      return;
    }
    this.stats.batches++;
    this.stats.batchedRequests += batch.length;
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  #single(p: Pending): Promise<void> {
    this.stats.singles++;
    return takeHold(this.#db, p.request).then(p.resolve, p.reject);
  }
}
