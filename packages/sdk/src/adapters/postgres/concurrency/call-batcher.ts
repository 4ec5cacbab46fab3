/**
 * Groups a store's concurrent calls of one kind into one statement: a call made while none of
 * its kind is in flight goes out at once, alone (an idle store pays no extra latency); calls
 * made while one is in flight wait for it, then all go out together as ONE statement, so one
 * round trip and one commit serve them all. Each call still gets its own answer (or error).
 *
 * If the grouped statement fails as a whole with an error the database reported for it (the
 * transaction is known to have rolled back), each call is sent again alone, in order, so one
 * call's trouble never becomes another's. If the connection was lost the statement may have
 * committed: every call of it fails as a lone call would (UNAVAILABLE), never resent.
 */
export interface CallBatcherOptions<Req, Res> {
  /** One call alone. */
  readonly one: (request: Req) => Promise<Res>;
  /** Several calls as one statement; the i-th answer belongs to the i-th request. */
  readonly many: (requests: readonly Req[]) => Promise<PromiseSettledResult<Res>[]>;
  /** Most calls in one statement (default 128). */
  readonly maxBatch?: number;
}

/** What a batcher did so far (for tests and benchmarks). */
export interface CallBatchStats {
  /** Grouped statements that answered, and the calls they carried. */
  batches: number;
  batchedCalls: number;
  /** Calls sent alone: nothing else was waiting, or a fallback. */
  singles: number;
  /** Grouped statements that failed as a whole and were resent call by call. */
  fallbacks: number;
}

interface Pending<Req, Res> {
  readonly request: Req;
  readonly resolve: (result: Res) => void;
  readonly reject: (error: unknown) => void;
}

export class CallBatcher<Req, Res> {
  readonly #one: (request: Req) => Promise<Res>;
  readonly #many: (requests: readonly Req[]) => Promise<PromiseSettledResult<Res>[]>;
  readonly #maxBatch: number;
  #queue: Pending<Req, Res>[] = [];
  #inFlight = false;
  readonly stats: CallBatchStats = { batches: 0, batchedCalls: 0, singles: 0, fallbacks: 0 };

  constructor(options: CallBatcherOptions<Req, Res>) {
    this.#one = options.one;
    this.#many = options.many;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 128);
  }

  call(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#inFlight = true;
    void this.#send(batch).finally(() => {
      this.#inFlight = false;
      this.#pump();
    });
  }

  async #send(batch: readonly Pending<Req, Res>[]): Promise<void> {
    if (batch.length === 1) return this.#single(batch[0]!);
    let results: PromiseSettledResult<Res>[];
    try {
      results = await this.#many(batch.map((p) => p.request));
    } catch (error) {
      if (!isDefiniteFailure(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      this.stats.fallbacks++;
      for (const p of batch) await this.#single(p);
      return;
    }
    this.stats.batches++;
    this.stats.batchedCalls += batch.length;
    batch.forEach((p, i) => {
      const r = results[i];
      if (!r) p.reject(new Error(`a grouped statement answered ${results.length} of ${batch.length} calls`));
      else if (r.status === 'fulfilled') p.resolve(r.value);
      else p.reject(r.reason);
    });
  }

  #single(p: Pending<Req, Res>): Promise<void> {
    this.stats.singles++;
    return this.#one(p.request).then(p.resolve, p.reject);
  }
}

/**
 * True when the database reported an error for the statement itself (a SQLSTATE outside the
 * connection classes: 08 connection exception, 57P operator intervention), so its transaction
 * is known to have rolled back and its calls may be sent again one by one. A lost connection is
 * not definite: the statement may have committed, so its calls fail as a lone call would.
 */
export function isDefiniteFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

/** One call's answer computed from a grouped statement's result, as a settled promise would hold it. */
export function settle<T>(answer: () => T): PromiseSettledResult<T> {
  try {
    return { status: 'fulfilled', value: answer() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}
