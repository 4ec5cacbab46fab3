/**
 * Takes turns on the event loop. Against an in-process store every call of a virtual user
 * resolves at once, so hundreds of users would run step after step in one unbroken chain of
 * microtasks: no timer could fire (progress, arrivals, the time limit) and no output would be
 * written until the whole batch was done. Each user therefore waits for its turn before each
 * call; a turn hands out a batch of waiting users per pass of the event loop, sized so a pass
 * lasts about `sliceMs` (one user per pass when steps are slow, up to 256 when they are cheap).
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private armed = false;
  private batch = 1;
  private lastPass = 0;

  constructor(private readonly sliceMs = 20) {}

  /** Resolves on a later pass of the event loop, in arrival order. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.arm();
    });
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    setImmediate(() => this.pass());
  }

  private pass(): void {
    this.armed = false;
    const now = performance.now();
    // The previous batch's steps ran between the last pass and this one: size the next batch.
    const took = now - this.lastPass;
    this.batch = took > this.sliceMs * 2 ? Math.max(1, this.batch >> 1) : took < this.sliceMs / 2 ? Math.min(256, this.batch * 2) : this.batch;
    this.lastPass = now;
    for (let i = 0; i < this.batch && this.head < this.waiting.length; i++) this.waiting[this.head++]!();
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.waiting.length) this.arm();
  }
}
