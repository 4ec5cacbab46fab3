/**
 * The virtual waiting queue's arithmetic: pure functions, no I/O, no clock. The memory and
 * Redis adapters (its Lua scripts mirror `admissionAllowance` and `nextMeasuredRate`) and the
 * queue service all use these, so every backend counts the same way.
 *
 * Numbers: joining hands out a monotonically increasing number; the queue keeps one counter,
 * the number of the last user admitted (or skipped). A user's position is number − counter, so
 * one broadcast of the counter updates every waiting client without per-user fan-out. Users
 * ahead who left or stopped heart-beating are skipped when their turn comes, so a position is
 * an upper bound: it only ever improves.
 */

export type QueueMode = 'fifo' | 'randomized';

/** An event's queue as the operator configured it (validated by `queueSettingsInput`). */
export interface QueueSettings {
  /** Joins are refused and holds need no admission token while false. */
  readonly enabled: boolean;
  /**
   * `fifo`: admitted in join order. `randomized`: everyone who joins before `onSaleAt` is
   * shuffled at that time with a committed seed (see `queue-draw.ts`); later arrivals queue FIFO.
   */
  readonly mode: QueueMode;
  /** ISO-8601: the draw time of a randomized queue (null for fifo). */
  readonly onSaleAt: string | null;
  /** Users admitted per second at most (null: only the active cap limits admission). */
  readonly admissionRate: number | null;
  /** Buyers holding a live admission token at once, at most (null: no cap). */
  readonly maxActive: number | null;
  /** How long an admission token (an active slot) lasts. */
  readonly tokenTtlSeconds: number;
  /** A waiting user not heard from for this long loses the turn when it comes. */
  readonly heartbeatTimeoutSeconds: number;
  /** Minimum interval between admission batches; one process admits per tick. */
  readonly tickMs: number;
}

/**
 * Where a user stands. `ended`: the admission was used (booked), given up, or its token
 * expired. `lost`: skipped for missing heartbeats (may join again at the back). `left`: what
 * leaving while waiting returns (the user is then no longer in the queue).
 */
export type QueueUserState = 'prequeue' | 'waiting' | 'admitted' | 'ended' | 'lost' | 'left';

/**
 * What the event has left, as the queue last saw it. `held`: nothing AVAILABLE but some seats
 * RESERVED (they may come back: admission pauses). `sold_out`: nothing AVAILABLE or RESERVED
 * (joins are refused). `unknown`: not checked yet (admission proceeds).
 */
export type QueueInventory = 'unknown' | 'available' | 'held' | 'sold_out';

/** Seconds, low–high; `high` is null when no rate is known yet (nothing measured or configured). */
export interface WaitEstimate {
  readonly low: number;
  readonly high: number | null;
}

/** Users still ahead of `number` (0 once admitted, skipped or at the front). */
export function positionOf(number: number, counter: number): number {
  return Math.max(0, number - counter);
}

/** How far the measured rate may run fast or slow within the band: ±25 %. */
const BAND = 0.25;

/**
 * The estimated wait for `position`, from the measured admission rate (counter advance per
 * second, which counts skipped users too) with a ±25 % band. Never faster than the configured
 * rate. Before anything was measured the configured rate gives the low end and half of it the
 * high end.
 */
export function estimateWait(position: number, measuredRate: number | null, configuredRate: number | null): WaitEstimate {
  if (position <= 0) return { low: 0, high: 0 };
  const measured = measuredRate !== null && measuredRate > 1e-9 ? measuredRate : null;
  if (measured === null) {
    if (configuredRate === null) return { low: 0, high: null };
    return { low: Math.floor(position / configuredRate), high: Math.ceil(position / (configuredRate * 0.5)) };
  }
  const fastest = Math.min(measured * (1 + BAND), configuredRate ?? Number.POSITIVE_INFINITY);
  return { low: Math.floor(position / fastest), high: Math.ceil(position / (measured * (1 - BAND))) };
}

/** Time constant of the measured-rate moving average. */
export const MEASURED_RATE_TAU_MS = 10_000;

/** How long an inventory-refresh lock keeps other admitters waiting (a crashed refresher's lock lapses). */
export const INVENTORY_LOCK_MS = 5000;

/**
 * An exponentially weighted moving average (time constant 10 s) of the counter's advance per
 * second. Adapters call it only for ticks that left users waiting (a tick that emptied the
 * queue says nothing about how fast it moves).
 */
export function nextMeasuredRate(previous: number | null, advanced: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0) return previous;
  const instant = (advanced * 1000) / elapsedMs;
  if (previous === null) return instant;
  const alpha = 1 - Math.exp(-elapsedMs / MEASURED_RATE_TAU_MS);
  return previous + alpha * (instant - previous);
}

export interface Allowance {
  /** Whole admissions this tick may make (before the cap and the batch limit). */
  readonly whole: number;
  /** The allowance before rounding down: whole admissions plus the fraction to carry. */
  readonly allowance: number;
}

/**
 * The admission allowance of one tick: what is carried (less than one admission) plus
 * `rate` × the time since the last tick, counting at most max(tickMs, 1 s) of it, so a pause
 * never builds up a burst. Admissions over any stretch of time T stay within rate × T plus
 * one (the carry) plus the first tick's share. Without a rate the batch limit alone applies.
 */
export function admissionAllowance(input: { carry: number; rate: number | null; elapsedMs: number; tickMs: number; maxBatch: number }): Allowance {
  if (input.rate === null) return { whole: input.maxBatch, allowance: input.maxBatch };
  const window = Math.min(Math.max(0, input.elapsedMs), Math.max(input.tickMs, 1000));
  const allowance = input.carry + (input.rate * window) / 1000;
  return { whole: Math.min(input.maxBatch, Math.floor(allowance + 1e-9)), allowance };
}

/** The carry after admitting `used` of an allowance: the unused part, below one admission. */
export function carryAfter(allowance: Allowance, used: number): number {
  return Math.min(1, Math.max(0, allowance.allowance - used));
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  enabled: true,
  mode: 'fifo',
  onSaleAt: null,
  admissionRate: 10,
  maxActive: null,
  tokenTtlSeconds: 600,
  heartbeatTimeoutSeconds: 60,
  tickMs: 250,
};
