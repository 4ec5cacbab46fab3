import { invalid } from '../domain/errors.js';
import type { ClockControl } from '../ports/store.js';
import type { SimulationProgress } from './metrics.js';
import { seedOf } from './random.js';

/** What an on-sale simulation does. Only `users` is required. */
export interface SimulationOptions {
  /** The event to sell. Without it a fresh stadium event with `seats` seats is created first. */
  readonly eventId?: string | undefined;
  /** Seats of the created event (default 50,000). Ignored with `eventId`. */
  readonly seats?: number | undefined;
  /**
   * Hold lifetime of the created event (default 600 s with `storeClock`, else 30 s so that
   * abandoned holds come back within the run). Ignored with `eventId`.
   */
  readonly holdTtlSeconds?: number | undefined;
  /** Virtual users (N ≥ 1). */
  readonly users: number;
  /** Arrivals per second of simulated time; 0 (default): everyone arrives at once. */
  readonly arrivalRate?: number | undefined;
  /** Virtual users in flight (holding, paying) at most (default 256). */
  readonly concurrency?: number | undefined;
  /** Seats each user asks for, best-available (default 2). */
  readonly seatsPerUser?: number | undefined;
  /** Share of paying users whose card declines (default 0.05). */
  readonly declineRate?: number | undefined;
  /** Share of declined users who retry once with a good card (default 0.5); the rest give up. */
  readonly retryAfterDecline?: number | undefined;
  /** Share of users who hold and walk away, leaving the hold to expire (default 0.02). */
  readonly abandonRate?: number | undefined;
  /** Best-available within this section only (default: the whole venue). */
  readonly section?: string | undefined;
  /** Fixes every user's choices (default 1). */
  readonly seed?: number | string | undefined;
  /** Wall seconds per simulated second for the arrival schedule (default 1; 0.1 runs 10× faster). */
  readonly timeScale?: number | undefined;
  /** Users join the event's waiting queue and hold with their admission token. */
  readonly queue?: boolean | undefined;
  /**
   * The store's test clock, when the caller may move it (a private memory store). Abandoned
   * holds are then expired by advancing it when nothing else can sell; without it the engine
   * waits for them to expire in real time, sweeping once a second.
   */
  readonly storeClock?: ClockControl | undefined;
  /** Called every `progressIntervalMs` (default 250) and once at the end. */
  readonly onProgress?: ((progress: SimulationProgress) => void) | undefined;
  readonly progressIntervalMs?: number | undefined;
  /** Stops the run early (the report is still produced, audit included). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Runs once the event is ready, before the clock starts (its time counts as setup): the CLI
   * opens a remote client's connections here with `--preconnect`, as buyers already on the
   * event page when the sale opens have theirs.
   */
  readonly beforeStart?: (() => Promise<void>) | undefined;
}

/** The options with every default applied, as the report echoes them. */
export interface ResolvedSimulationOptions {
  readonly users: number;
  readonly arrivalRate: number;
  readonly concurrency: number;
  readonly seatsPerUser: number;
  readonly declineRate: number;
  readonly retryAfterDecline: number;
  readonly abandonRate: number;
  readonly section: string | null;
  readonly seed: number;
  readonly timeScale: number;
  readonly queue: boolean;
  readonly progressIntervalMs: number;
}

export const SIMULATION_DEFAULTS = {
  seats: 50_000,
  concurrency: 256,
  seatsPerUser: 2,
  declineRate: 0.05,
  retryAfterDecline: 0.5,
  abandonRate: 0.02,
  seed: 1,
  progressIntervalMs: 250,
} as const;

export const MAX_SIMULATED_USERS = 1_000_000_000;

function integer(field: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw invalid(field, `must be a whole number from ${min} to ${max}`);
  return v;
}

function rate(field: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || v > 1) throw invalid(field, 'must be a number from 0 to 1');
  return v;
}

function nonNegative(field: string, value: number | undefined, fallback: number, positive = false): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || (positive && v === 0)) throw invalid(field, positive ? 'must be a number greater than 0' : 'must be a number of at least 0');
  return v;
}

/** Applies the defaults and checks every option (VALIDATION naming the option at fault). */
export function resolveSimulationOptions(o: SimulationOptions): ResolvedSimulationOptions {
  if (o.section !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(o.section)) throw invalid('section', 'must be 1-32 of A-Z a-z 0-9 _ -');
  if (o.seed !== undefined && typeof o.seed !== 'number' && typeof o.seed !== 'string') throw invalid('seed', 'must be a number or a string');
  if (typeof o.seed === 'number' && !Number.isFinite(o.seed)) throw invalid('seed', 'must be a finite number');
  return {
    users: integer('users', o.users, 0, 1, MAX_SIMULATED_USERS),
    arrivalRate: nonNegative('arrivalRate', o.arrivalRate, 0),
    concurrency: integer('concurrency', o.concurrency, SIMULATION_DEFAULTS.concurrency, 1, 1_000_000),
    seatsPerUser: integer('seatsPerUser', o.seatsPerUser, SIMULATION_DEFAULTS.seatsPerUser, 1, 100),
    declineRate: rate('declineRate', o.declineRate, SIMULATION_DEFAULTS.declineRate),
    retryAfterDecline: rate('retryAfterDecline', o.retryAfterDecline, SIMULATION_DEFAULTS.retryAfterDecline),
    abandonRate: rate('abandonRate', o.abandonRate, SIMULATION_DEFAULTS.abandonRate),
    section: o.section ?? null,
    seed: seedOf(o.seed ?? SIMULATION_DEFAULTS.seed),
    timeScale: nonNegative('timeScale', o.timeScale, 1, true),
    queue: o.queue ?? false,
    progressIntervalMs: integer('progressIntervalMs', o.progressIntervalMs, SIMULATION_DEFAULTS.progressIntervalMs, 10, 60_000),
  };
}
