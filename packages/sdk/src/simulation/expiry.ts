import { never, retryShed } from './shed-retry.js';
import type { BoxOffice } from '../box-office.js';
import type { ClockControl } from '../ports/store.js';

/** How abandoned holds came back to sale during a run. */
export interface ExpiryReport {
  /**
   * `clock`: the store's test clock was moved past the hold lifetime whenever only expired-
   * to-be holds stood between the waiting users and the seats (nothing in flight), then swept.
   * `wait`: the holds expired in real time; the engine swept once a second meanwhile.
   */
  readonly mode: 'clock' | 'wait';
  readonly clockAdvances: number;
  readonly advancedMs: number;
  readonly sweeps: number;
  readonly holdsExpired: number;
  readonly seatsFreed: number;
  /** Wall time spent waiting for holds to expire (mode `wait`). */
  readonly waitedMs: number;
}

const WAIT_SWEEP_MS = 1000;

/**
 * Brings abandoned holds' seats back when the run is stalled on them. The engine calls
 * `unstall()` only when no virtual user is in flight, so moving the clock can never expire a
 * hold someone is still paying for. One call at a time; `unstall()` resolves when the sweep
 * is done (mode `clock`) or after one sweep and a pause (mode `wait`).
 */
export class ExpiryDriver {
  private clockAdvances = 0;
  private advancedMs = 0;
  private sweeps = 0;
  private holdsExpired = 0;
  private seatsFreed = 0;
  private waitedMs = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly bo: BoxOffice,
    private readonly holdTtlSeconds: number,
    private readonly storeClock: ClockControl | undefined,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  unstall(): Promise<void> {
    this.running ??= this.step().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async step(): Promise<void> {
    if (this.storeClock) {
      const ms = this.holdTtlSeconds * 1000 + 1000;
      await this.storeClock.advanceClock(ms);
      this.clockAdvances++;
      this.advancedMs += ms;
      await this.sweep();
      return;
    }
    const freed = await this.sweep();
    if (freed > 0) return;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, WAIT_SWEEP_MS);
    });
    this.timer = null;
    this.wake = null;
    this.waitedMs += performance.now() - started;
  }

  private async sweep(): Promise<number> {
    // Safe to repeat (a sweep is idempotent), and it runs while buyers' calls are in flight: a
    // server shedding load may refuse it, so it is asked again after a pause.
    const report = await retryShed(() => this.bo.operations.sweep(), never);
    this.sweeps++;
    this.holdsExpired += report.holdsExpired;
    this.seatsFreed += report.ticketsFreed;
    return report.ticketsFreed;
  }

  /** Cuts a real-time wait short (the run is over). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  report(): ExpiryReport {
    return {
      mode: this.storeClock ? 'clock' : 'wait',
      clockAdvances: this.clockAdvances,
      advancedMs: this.advancedMs,
      sweeps: this.sweeps,
      holdsExpired: this.holdsExpired,
      seatsFreed: this.seatsFreed,
      waitedMs: Math.round(this.waitedMs),
    };
  }
}
