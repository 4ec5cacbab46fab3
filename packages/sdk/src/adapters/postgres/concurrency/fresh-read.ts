/**
 * One read shared by the callers who ask together, never older than their call: a caller
 * joins the read queued behind the one in flight (which began before it asked), so at most two
 * are under way and each answers everyone who asked while the previous one ran. For reads
 * every hold and confirm makes (the store's clock): N concurrent callers cost two queries.
 */
export class FreshRead<T> {
  #running: Promise<T> | undefined;
  #queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.#running) return this.#start();
    this.#queued ??= this.#running.then(
      () => this.#start(),
      () => this.#start(),
    );
    return this.#queued;
  }

  #start(): Promise<T> {
    this.#queued = undefined;
    const read = this.read();
    this.#running = read;
    const done = () => {
      if (this.#running === read) this.#running = undefined;
    };
    read.then(done, done);
    return read;
  }
}
