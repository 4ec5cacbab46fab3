/**
 * Coalesces a store's concurrent reads by key (a small DataLoader): a read made while none is
 * in flight goes out at once, alone; reads made while one is in flight wait for it, then go out
 * together as ONE query for all their keys. Every read is answered by a query sent after the
 * read was made, so it sees every write committed before the call, as its own query would.
 * Each waiter gets its own value (`toValue` runs per waiter), never an object shared with
 * another caller.
 */
export class ReadBatcher<R, V> {
  readonly #load: (keys: readonly string[]) => Promise<ReadonlyMap<string, R>>;
  readonly #toValue: (row: R) => V;
  readonly #maxBatch: number;
  #queue = new Map<string, Array<{ resolve: (value: V | null) => void; reject: (error: unknown) => void }>>();
  #inFlight = false;
  /** Queries sent and the reads they answered (for tests and benchmarks). */
  readonly stats = { queries: 0, reads: 0 };

  constructor(load: (keys: readonly string[]) => Promise<ReadonlyMap<string, R>>, toValue: (row: R) => V, maxBatch = 256) {
    this.#load = load;
    this.#toValue = toValue;
    this.#maxBatch = Math.max(1, maxBatch);
  }

  get(key: string): Promise<V | null> {
    return new Promise<V | null>((resolve, reject) => {
      const waiters = this.#queue.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.#queue.set(key, [{ resolve, reject }]);
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inFlight || this.#queue.size === 0) return;
    let batch = this.#queue;
    if (batch.size <= this.#maxBatch) {
      this.#queue = new Map();
    } else {
      batch = new Map([...this.#queue].slice(0, this.#maxBatch));
      for (const key of batch.keys()) this.#queue.delete(key);
    }
    this.#inFlight = true;
    this.stats.queries++;
    for (const waiters of batch.values()) this.stats.reads += waiters.length;
    this.#load([...batch.keys()])
      .then(
        (found) => {
          for (const [key, waiters] of batch) {
            const row = found.get(key);
            for (const w of waiters) {
              try {
                w.resolve(row === undefined ? null : this.#toValue(row));
              } catch (error) {
                w.reject(error);
              }
            }
          }
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight = false;
        this.#pump();
      });
  }
}
