/**
 * Takes turns on the event loop. Against an in-process store every call of a virtual user
 * resolves at once, so hundreds of users would run step after step in one unbroken chain of
 * microtasks: no timer could fire (progress, arrivals, the time limit) and nothing would be
 * written until the whole batch was done.
 *
 * So each user waits for its turn before each call: a turn is a `setImmediate`, and Node runs
 * the microtasks of each immediate before the next one, so a turn runs that user's call up to
 * its first real wait. Once a pass of the event loop has spent `sliceMs` on turns, the rest
 * are put off to the next pass, after timers and I/O have had theirs. A pass thus lasts about
 * `sliceMs` plus one call (a best-available hold on a big venue can take a hundred ms).
 */
export class Turns {
  private sliceStart: number | null = null;

  constructor(private readonly sliceMs = 25) {}

  /** Resolves on this or a later pass of the event loop. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => setImmediate(() => this.take(resolve)));
  }

  private take(resolve: () => void): void {
    const now = performance.now();
    if (this.sliceStart === null) {
      this.sliceStart = now;
      // Fires in the next pass's timers phase, before its turns: that pass gets a fresh slice.
      setTimeout(() => {
        this.sliceStart = null;
      }, 0);
    }
    if (now - this.sliceStart > this.sliceMs) setImmediate(() => this.take(resolve));
    else resolve();
  }
}
