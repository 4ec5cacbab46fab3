import type { Outcome } from './metrics.js';

/** A user let through the gate, with the queue's admission token when there is a queue. */
export interface Admitted {
  readonly index: number;
  readonly admissionToken?: string | undefined;
}

/** What the queue did during a run (null without `--queue`). */
export interface QueueRunReport {
  /** `configured`: the run enabled the queue; `existing`: the event's own settings were used. */
  readonly settings: 'configured' | 'existing';
  readonly joined: number;
  readonly admitted: number;
  /** Joins the queue refused because the event was sold out. */
  readonly refused: number;
  readonly heartbeats: number;
  readonly admissionTicks: number;
}

/**
 * Between arrival and the first hold: who may start now. Without a queue every arrival may
 * (the engine's concurrency cap still applies); with one, only users the queue admitted.
 */
export interface Gate {
  /** Users 0 .. n−1 have arrived (n only grows). */
  arrived(n: number): void;
  /** The next user who may start, or null. */
  next(): Admitted | null;
  /** Arrived users neither started nor turned away. */
  readonly waiting: number;
  readonly admitted: number;
  /** A started user is done. */
  finished(index: number, userId: string, outcome: Outcome): void;
  close(): Promise<void>;
  report(): QueueRunReport | null;
}

/** No queue: users start in arrival order. */
export class OpenGate implements Gate {
  private arrivedCount = 0;
  private nextIndex = 0;

  arrived(n: number): void {
    this.arrivedCount = Math.max(this.arrivedCount, n);
  }

  next(): Admitted | null {
    return this.nextIndex < this.arrivedCount ? { index: this.nextIndex++ } : null;
  }

  get waiting(): number {
    return this.arrivedCount - this.nextIndex;
  }

  get admitted(): number {
    return this.nextIndex;
  }

  finished(): void {}

  async close(): Promise<void> {}

  report(): null {
    return null;
  }
}
