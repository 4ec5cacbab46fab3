/**
 * Runs tasks that share a key one after another, in call order; tasks with different keys run
 * freely. The store sends a process's concurrent idempotency claims for one key in the order
 * they were made, so on a pool of connections the first caller wins the claim, as on a
 * single-session store (otherwise the server may see the second one first).
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
