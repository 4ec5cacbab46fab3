/**
 * The store calls under way and when each began, so readiness can tell a stalled booking path
 * (a lock held too long, a frozen database, an exhausted pool) from a slow one: a process whose
 * oldest call has waited seconds should be taken out of rotation even while a trivial probe
 * query still answers.
 */
export class CallsInFlight {
  #next = 0;
  /** Start times by call number; a Map keeps insertion order, so the first entry is the oldest. */
  readonly #started = new Map<number, number>();

  async track<T>(work: () => Promise<T>): Promise<T> {
    const id = this.#next++;
    this.#started.set(id, performance.now());
    try {
      return await work();
    } finally {
      this.#started.delete(id);
    }
  }

  /** Milliseconds the oldest call still in flight has been running; 0 when none is. */
  oldestAgeMs(): number {
    const first = this.#started.values().next();
    return first.done ? 0 : performance.now() - first.value;
  }

  get count(): number {
    return this.#started.size;
  }
}
