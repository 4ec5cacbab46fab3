import type { SimulationAudit } from './audit.js';
import type { ExpiryReport } from './expiry.js';
import type { QueueRunReport } from './gate.js';
import type { LatencySummary } from './histogram.js';
import type { Outcome } from './metrics.js';
import type { ResolvedSimulationOptions } from './options.js';

/** The final report of an on-sale simulation. `ok` is the audit's verdict. */
export interface SimulationReport {
  readonly ok: boolean;
  readonly eventId: string;
  /** The run created the event (no `eventId` given). */
  readonly createdEvent: boolean;
  readonly storeKind: string;
  readonly options: ResolvedSimulationOptions;
  readonly holdTtlSeconds: number;
  /** Stopped by the caller's signal before every user was done. */
  readonly aborted: boolean;
  /** Seats in scope (the section, or the whole event). */
  readonly seats: {
    readonly total: number;
    readonly soldBefore: number;
    readonly soldByRun: number;
    readonly reservedAtEnd: number;
    readonly availableAtEnd: number;
  };
  readonly users: {
    readonly total: number;
    readonly arrived: number;
    readonly started: number;
    /** Never started: the run was aborted (or stuck) first. */
    readonly notStarted: number;
  } & Readonly<Record<Outcome, number>>;
  /** Fewer than `seatsPerUser` seats were left that were not sold. */
  readonly soldOut: boolean;
  /** From the first arrival to the moment the last seats were taken; null if never. */
  readonly timeToSellOutMs: number | null;
  /** Creating the event and reading the baseline. */
  readonly setupMs: number;
  /** From the first arrival to the last user done. */
  readonly runMs: number;
  readonly auditMs: number;
  readonly holds: number;
  readonly bookings: number;
  readonly throughput: {
    readonly usersPerSecond: number;
    readonly holdsPerSecond: number;
    readonly bookingsPerSecond: number;
    readonly seatsPerSecond: number;
  };
  /** Per step (join, hold, confirm, release, queueWait): ms percentiles from the histogram. */
  readonly latency: Readonly<Record<string, LatencySummary>>;
  /** Per step, per error code: how many calls failed so (PAYMENT_DECLINED is expected). */
  readonly errors: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly expiry: ExpiryReport;
  readonly queue: QueueRunReport | null;
  readonly audit: SimulationAudit;
}

/** n per second over `ms`, to one decimal. */
export function perSecond(n: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((n * 10_000) / ms) / 10;
}
