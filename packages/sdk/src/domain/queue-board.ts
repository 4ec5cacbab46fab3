import { estimateWait, positionOf, type QueueInventory, type WaitEstimate } from './queue.js';
import type { QueueStats } from './queue-views.js';

/**
 * What anyone may see of an event's queue (`GET /events/:eventId/queue`): the same for every
 * user, so a CDN can serve it to millions for one request a second to the origin. A waiting
 * user combines it with the number on their join receipt (`waitOnBoard`) to know where they
 * stand, without a request of their own.
 */
export interface QueueBoard {
  readonly eventId: string;
  /** Whether the event sells through its queue now; when false the rest says nothing. */
  readonly enabled: boolean;
  readonly paused: boolean;
  /** The admitted counter: a waiting user's position is their number − counter. */
  readonly counter: number;
  /** Counter advance per second, smoothed; null until measured. */
  readonly measuredRate: number | null;
  /** The operator's admission rate cap (users per second), the estimate's fallback; null: none. */
  readonly admissionRate: number | null;
  readonly inventory: QueueInventory;
  /** Nothing AVAILABLE or RESERVED is left. */
  readonly soldOut: boolean;
  /** Randomized queues: when the pre-queue is drawn (numbers exist only after it). */
  readonly onSaleAt: string | null;
  /** Goes up when an operator turns the queue on; receipts of an older epoch are not honoured. */
  readonly epoch: number;
  /** Goes up when the queue was re-created after its backend lost it: join again with your receipt. */
  readonly generation: number;
}

/** The board of an event's queue, from the operator's view of it (never user ids or counts of joins). */
export function queueBoard(stats: QueueStats): QueueBoard {
  return {
    eventId: stats.eventId,
    enabled: stats.settings.enabled,
    paused: stats.paused,
    counter: stats.counter,
    measuredRate: stats.measuredRate,
    admissionRate: stats.settings.admissionRate,
    inventory: stats.inventory,
    soldOut: stats.inventory === 'sold_out',
    onSaleAt: stats.settings.onSaleAt,
    epoch: stats.epoch,
    generation: stats.generation,
  };
}

/** The board of an event that has no queue (never configured): buyers go straight to the sale. */
export function boardWithoutQueue(eventId: string): QueueBoard {
  return { eventId, enabled: false, paused: false, counter: 0, measuredRate: null, admissionRate: null, inventory: 'unknown', soldOut: false, onSaleAt: null, epoch: 0, generation: 0 };
}

/**
 * Where the holder of `number` stands on a board: users still ahead (0 once reached) and the
 * estimated wait in seconds (the same band a ticket of the queue gives).
 */
export function waitOnBoard(number: number, board: Pick<QueueBoard, 'counter' | 'measuredRate' | 'admissionRate'>): { readonly position: number; readonly estimatedWait: WaitEstimate } {
  const position = positionOf(number, board.counter);
  return { position, estimatedWait: estimateWait(position, board.measuredRate, board.admissionRate) };
}
