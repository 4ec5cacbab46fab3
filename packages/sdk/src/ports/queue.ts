import type { QueueCode } from '../domain/queue-codes.js';
import type { QueueInventory, QueueSettings, QueueUserState } from '../domain/queue.js';
import type { QueueUpdate } from '../domain/queue-views.js';

/**
 * The queue port: per-event waiting queues — numbers, the admitted counter, heartbeats, active
 * slots, the randomized draw. Every method is one atomic step on the backend (one Lua script on
 * Redis; a synchronous section on the memory adapter), so it is safe with every process calling
 * it at once. Expected failures come back as `{ ok: false, code }` with a `QueueCode`; the
 * service turns them into errors through one function, so every backend words them the same.
 *
 * Time: every decision (heartbeat timeouts, token expiry, the on-sale instant of a draw, the
 * admission tick) uses the queue's own clock (Redis `TIME` on Redis), never a caller's.
 *
 * Not covered here: validating settings, signing admission tokens, checking the inventory
 * (the queue service does those), and pushing updates to clients (the server's job).
 */
export interface QueuePort {
  /** Which adapter this is (`memory`, `redis`), for logs and reports. */
  readonly kind: string;
  /** The queue's clock, epoch ms. */
  now(): Promise<number>;

  /**
   * Creates or replaces the settings of an event's queue and lists it in `queues()`. `draw` is
   * the committed seed, stored once on the first randomized configuration and kept after.
   * Fails DRAW_FIXED when a started draw's mode or on-sale time would change.
   */
  configure(eventId: string, settings: QueueSettings, draw: DrawSeed | null, retention?: QueueRetention, identity?: QueueIdentity): Promise<QueueResult<QueueMeta>>;
  /**
   * Re-creates a queue this backend lost (a Redis restart without persistence) from its durable
   * configuration: only when it does not exist (`created: false` otherwise, nothing changed),
   * with the given pause state, listed in `queues()`, `resetAt` stamped. Idempotent across
   * processes: of any number of callers at once, exactly one gets `created: true`.
   */
  restore(eventId: string, settings: QueueSettings, draw: DrawSeed | null, retention: QueueRetention | undefined, identity: QueueIdentity & { paused: boolean }): Promise<QueueResult<{ created: boolean; meta: QueueMeta }>>;
  /** Stops (or restarts) admission; joins continue. NOT_CONFIGURED when there is no queue. */
  setPaused(eventId: string, paused: boolean): Promise<QueueResult<QueueMeta>>;
  meta(eventId: string): Promise<QueueResult<QueueMeta>>;
  /** Event ids with a configured queue (enabled or not). */
  queues(): Promise<string[]>;
  /** Drops an event from `queues()` (its queue's keys have expired). */
  forget?(eventId: string): Promise<void>;

  /**
   * Idempotent per user: a waiting user gets the same number back (and a heartbeat); a user who
   * lost the turn or left joins again at the back. Fails DISABLED / NOT_CONFIGURED, SOLD_OUT,
   * ALREADY_ADMITTED (a user is admitted at most once per event).
   * With `receipt` (a verified join receipt of this user): when its epoch is the queue's and its
   * generation older (the queue was re-created since), the user gets the receipt's number back,
   * admitted before the line in number order, unless admitted already or holding a lower number.
   */
  join(eventId: string, userId: string, receipt?: JoinReceiptClaim): Promise<QueueResult<QueueView>>;
  /** The user's record; `heartbeat` also records a sign of life. NOT_JOINED when unknown. */
  status(eventId: string, userId: string, heartbeat: boolean): Promise<QueueResult<QueueView>>;
  /**
   * Ends the user's part: a waiting user leaves the line (may join again at the back); an
   * admitted user's slot frees (`booked` or `left`). NOT_JOINED when unknown.
   */
  finish(eventId: string, userId: string, reason: 'left' | 'booked'): Promise<QueueResult<QueueView>>;

  /**
   * One admission tick: only the first caller per `tickMs` wins. The winner expires old slots
   * and admits up to the rate's allowance, never above the active cap, in number order,
   * skipping users who left or stopped heart-beating. Admits nobody while paused, before a
   * randomized queue is drawn (`needsDraw`), or while the inventory is `held` or `sold_out`.
   * When the inventory reading is older than `inventoryMaxAgeMs`, nobody admits: the first
   * caller gets `needsInventory` (and a refresh lock of 5 s) and should `setInventory` first.
   */
  admit(eventId: string, limits: AdmitLimits): Promise<QueueResult<AdmitOutcome>>;
  /** Records the inventory the service found, stamped with the queue's clock; releases the refresh lock. */
  setInventory(eventId: string, inventory: Exclude<QueueInventory, 'unknown'>): Promise<void>;
  /**
   * Runs the randomized draw once the on-sale time has passed: `shuffle` gets the participants
   * and the seed and returns (or resolves to) their order; numbers 1..n follow it. One process draws (DRAW_BUSY
   * for the others); drawing again after it finished is a no-op returning the result.
   */
  draw(eventId: string, shuffle: DrawShuffle): Promise<QueueResult<DrawResult>>;
  /** The published draw order, `limit` users from `offset` (empty before the draw). */
  drawOrder(eventId: string, offset: number, limit: number): Promise<string[]>;

  /**
   * Carries queue updates (admissions, inventory changes) to every other process sharing this
   * queue, so a waiting client hears of its turn whichever process admitted it. Absent on a
   * one-process adapter (memory). At-most-once: clients fall back to polling their status.
   */
  readonly updates?: QueueUpdateChannel;

  close(): Promise<void>;
}

export interface QueueUpdateChannel {
  /** Sends to the other processes (this process's own listeners are not called). */
  publish(update: QueueUpdate): void;
  /** Updates published by other processes. */
  subscribe(listener: (update: QueueUpdate) => void): () => void;
}

export type QueueResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: QueueCode };

/**
 * How long a queue's data is kept: on Redis every key of the event's queue expires at
 * `untilMs` (the event's end plus a retention, so the draw stays auditable for a while).
 * The memory adapter keeps it as long as the process lives.
 */
export interface QueueRetention {
  readonly untilMs: number;
}

/** Which life of a queue this is (see ports/queue-config.ts). */
export interface QueueIdentity {
  /** Goes up when an operator turns the queue on. */
  readonly epoch: number;
  /** Goes up each time the queue was re-created after the backend lost it. */
  readonly generation: number;
}

/** What a join receipt claims, once its signature and owner were checked. */
export interface JoinReceiptClaim {
  readonly number: number;
  readonly epoch: number;
  readonly generation: number;
}

export interface DrawSeed {
  /** 64 hex digits, secret until the draw finished. */
  readonly seed: string;
  /** SHA-256 of the seed's bytes: published from the start. */
  readonly seedHash: string;
}

/** An event's queue at one instant of the queue's clock. */
export interface QueueMeta {
  readonly eventId: string;
  readonly settings: QueueSettings;
  readonly paused: boolean;
  /** The last number handed out (0: nobody joined). */
  readonly issued: number;
  /** The admitted counter: the number of the last user admitted or skipped. */
  readonly counter: number;
  /** Live admission slots (tokens not yet used, given up or expired). */
  readonly active: number;
  /** Counter advance per second, smoothed; null until measured. */
  readonly measuredRate: number | null;
  readonly inventory: QueueInventory;
  /** When the inventory was last checked (queue clock, ms), null if never. */
  readonly inventoryCheckedAt: number | null;
  /** Randomized queues only. `seed` is null until the draw finished. */
  readonly draw: { readonly seedHash: string; readonly seed: string | null; readonly drawn: boolean; readonly participants: number } | null;
  readonly epoch: number;
  readonly generation: number;
  /** When this generation was re-created after a loss (queue clock, ms); null if never. */
  readonly resetAt: number | null;
  /** The queue's clock when this was read, epoch ms. */
  readonly now: number;
}

export interface QueueRecord {
  readonly userId: string;
  readonly state: QueueUserState;
  /** Null in the pre-queue (before the draw). */
  readonly number: number | null;
  /** Admitted users: when the admission token expires (epoch ms, whole seconds). */
  readonly expiresAt: number | null;
}

export interface QueueView {
  readonly meta: QueueMeta;
  readonly record: QueueRecord;
}

export interface AdmitLimits {
  /** Admissions per call at most (bounds one script's run time). */
  readonly maxBatch: number;
  /** Skipped users per call at most. */
  readonly maxSkips: number;
  /** An inventory reading older than this must be refreshed before admitting. */
  readonly inventoryMaxAgeMs: number;
}

export interface AdmitOutcome {
  /** False when another caller already took this tick (or the queue is paused/disabled). */
  readonly won: boolean;
  /** In admission order. */
  readonly admitted: readonly QueueRecord[];
  /** Users skipped for leaving or missing heartbeats. */
  readonly skipped: number;
  /** A randomized queue past its on-sale time, not drawn yet: run `draw`. */
  readonly needsDraw: boolean;
  /** The inventory reading is stale and this caller holds the refresh lock: `setInventory`, then admit again. */
  readonly needsInventory: boolean;
  readonly meta: QueueMeta;
}

export interface DrawResult {
  readonly participants: number;
  readonly seed: string;
  readonly seedHash: string;
}

/** The draw's order of its participants (it may take its time: the event loop runs meanwhile). */
export type DrawShuffle = (participants: readonly string[], seed: string) => string[] | Promise<string[]>;
