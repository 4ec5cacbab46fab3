/**
 * A first-in first-out async mutex: `lock()` resolves once every earlier holder has called
 * `unlock()`. PGlite runs one query at a time on one session, so its kysely driver hands the
 * single connection to one caller (one query or one whole transaction) at a time.
 */
export class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
