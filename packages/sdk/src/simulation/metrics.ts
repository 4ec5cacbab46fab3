import { isBoxOfficeError } from '../domain/errors.js';
import { LatencyHistogram, type LatencySummary } from './histogram.js';

/** The timed calls of a virtual user's journey. */
export type Step = 'join' | 'hold' | 'confirm' | 'release';
export const STEPS: readonly Step[] = ['join', 'hold', 'confirm', 'release'];

/** How a virtual user's visit ended. */
export type Outcome =
  /** Paid and confirmed (possibly after one declined card). */
  | 'booked'
  /** The card declined and the user released the hold and left. */
  | 'gaveUp'
  /** Held and walked away: the hold was left to expire. */
  | 'abandoned'
  /** Told at once that the event is sold out (no hold attempted). */
  | 'soldOut'
  /** Asked for seats the live count promised but the hold found none. */
  | 'noSeats'
  /** An unexpected error (counted under its code). */
  | 'failed'
  /** Started, but the run was stopped (signal, time limit) before the user's hold. */
  | 'stopped';
export const OUTCOMES: readonly Outcome[] = ['booked', 'gaveUp', 'abandoned', 'soldOut', 'noSeats', 'failed', 'stopped'];

/** What the progress callback receives, about every 250 ms. */
export interface SimulationProgress {
  readonly elapsedMs: number;
  readonly users: number;
  readonly arrived: number;
  /** Arrived and not yet started: waiting for a slot, for seats to come back, or in the queue. */
  readonly waiting: number;
  /** Queue runs: admitted so far. */
  readonly admitted: number;
  /** Users in flight (holding or paying). */
  readonly inFlight: number;
  /** Users holding seats right now. */
  readonly holding: number;
  /** Users done (any outcome). */
  readonly done: number;
  readonly booked: number;
  /** Seats in scope (the section, or the whole event). */
  readonly seats: number;
  /** Seats sold by this run. */
  readonly sold: number;
  /** Seats available in the live count (section or event). */
  readonly available: number;
  /** Successful holds per second over the last interval. */
  readonly holdsPerSecond: number;
  /** 99th percentile hold latency over the last interval, ms. */
  readonly p99HoldMs: number;
  readonly soldOut: boolean;
}

/** Latency per step, errors per step and code, outcomes per user. */
export class SimulationMetrics {
  readonly latency: Record<Step | 'queueWait', LatencyHistogram> = {
    join: new LatencyHistogram(),
    hold: new LatencyHistogram(),
    confirm: new LatencyHistogram(),
    release: new LatencyHistogram(),
    queueWait: new LatencyHistogram(),
  };
  readonly outcomes: Record<Outcome, number> = { booked: 0, gaveUp: 0, abandoned: 0, soldOut: 0, noSeats: 0, failed: 0, stopped: 0 };
  private readonly errors = new Map<Step, Map<string, number>>();
  private readonly windowHold = new LatencyHistogram();
  private windowHolds = 0;
  private windowStart = performance.now();
  holdsTaken = 0;
  seatsBooked = 0;

  /** Runs one call, timing it; a failure is counted under its code (`UNEXPECTED` if it has none) and rethrown. */
  async time<T>(step: Step, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await call();
      this.record(step, performance.now() - started);
      if (step === 'hold') {
        this.holdsTaken++;
        this.windowHolds++;
      }
      return result;
    } catch (error) {
      this.record(step, performance.now() - started);
      this.countError(step, isBoxOfficeError(error) ? error.code : 'UNEXPECTED');
      throw error;
    }
  }

  countError(step: Step, code: string): void {
    let byCode = this.errors.get(step);
    if (!byCode) this.errors.set(step, (byCode = new Map()));
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }

  /** Errors by step, then by code (steps without errors left out). */
  errorsByStep(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const step of STEPS) {
      const byCode = this.errors.get(step);
      if (byCode && byCode.size > 0) out[step] = Object.fromEntries([...byCode].sort(([a], [b]) => a.localeCompare(b)));
    }
    return out;
  }

  latencySummaries(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const [step, h] of Object.entries(this.latency)) if (h.count > 0) out[step] = h.summary();
    return out;
  }

  /** Holds/s and p99 since the last call, then starts a new window. */
  takeWindow(): { holdsPerSecond: number; p99HoldMs: number } {
    const now = performance.now();
    const seconds = Math.max(1e-3, (now - this.windowStart) / 1000);
    const out = { holdsPerSecond: Math.round(this.windowHolds / seconds), p99HoldMs: this.windowHold.quantile(0.99) };
    this.windowHold.reset();
    this.windowHolds = 0;
    this.windowStart = now;
    return out;
  }

  private record(step: Step, ms: number): void {
    this.latency[step].record(ms);
    if (step === 'hold') this.windowHold.record(ms);
  }
}
