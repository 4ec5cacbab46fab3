import type { QueueSettings } from '../domain/queue.js';

/**
 * The durable part of an event's waiting queue: whether it has one and with what settings.
 * Redis serves the hot path (joins, the admitted counter, tokens) and may lose its data; this
 * record, in the store (PostgreSQL), is the truth the queue is re-created from when it does.
 * It is part of the store (`Store.queueConfigs`) so that every process reads one truth.
 *
 * Two counters tell what happened to a queue:
 * - `epoch` goes up when an operator turns the queue on (created enabled, or enabled after
 *   being disabled). Join receipts name it: a receipt from before an explicit off/on is void.
 * - `generation` goes up each time the queue had to be re-created after the queue backend
 *   lost it (a Redis restart without persistence). Only one caller moves it from a given
 *   value (`recordReset` is a compare-and-set), so one loss counts once however many
 *   processes noticed it.
 *
 * Time: `updatedAt` and `lastResetAt` use the store's clock. Not covered here: the queue's
 * live state (numbers, counter, admissions) — that is the QueuePort's.
 */
export interface QueueConfigStore {
  /**
   * Creates or replaces the event's queue settings. `epoch` goes up when the queue turns on
   * (no record, or the previous settings were disabled); the draw seed is kept once set.
   * `paused` is kept unless given.
   */
  saveQueueConfig(eventId: string, change: { settings: QueueSettings; drawSeed: QueueDrawSeed | null; paused?: boolean }): Promise<QueueConfig>;
  /** Records pause/resume. Null when the event has no queue configuration. */
  setQueuePaused(eventId: string, paused: boolean): Promise<QueueConfig | null>;
  getQueueConfig(eventId: string): Promise<QueueConfig | null>;
  /** Every configuration with `settings.enabled` (the queues that must exist). */
  listEnabledQueueConfigs(): Promise<QueueConfig[]>;
  /**
   * Moves `generation` from `fromGeneration` to `fromGeneration + 1` and stamps `lastResetAt`,
   * only if it is still `fromGeneration`. `won` tells whether this call moved it; `config` is
   * the record after the call (null when the event has no queue configuration).
   */
  recordQueueReset(eventId: string, fromGeneration: number): Promise<{ won: boolean; config: QueueConfig } | null>;
}

export interface QueueDrawSeed {
  readonly seed: string;
  readonly seedHash: string;
}

export interface QueueConfig {
  readonly eventId: string;
  readonly settings: QueueSettings;
  readonly paused: boolean;
  readonly epoch: number;
  readonly generation: number;
  readonly drawSeed: QueueDrawSeed | null;
  /** ISO 8601, the store's clock. */
  readonly updatedAt: string;
  /** When the queue was last re-created after a loss (ISO 8601), null if never. */
  readonly lastResetAt: string | null;
}
