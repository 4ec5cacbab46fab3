import type { QueueJoinInput, QueueUserInput } from './domain/inputs.js';
import type { QueueBoard } from './domain/queue-board.js';
import type { PublishedDraw, QueueTicket, QueueUpdate } from './domain/queue-views.js';
import type { CallOptions } from './resources.js';

/**
 * A buyer's queue call names the event; the user goes in the call options as everywhere
 * (`{ userId }`). The input may still carry `userId`, as in 0.1 (deprecated).
 */
export type QueueRequest<T extends QueueUserInput = QueueUserInput> = Omit<T, 'userId'> & {
  /** @deprecated pass `{ userId }` as the second argument */
  userId?: string;
};

/**
 * A buyer's side of an event's virtual waiting queue (`bo.queue`). Join, then heartbeat every
 * few seconds (status counts as a look, not a heartbeat); when the state turns `admitted`, hold
 * with `admissionToken` before `tokenExpiresAt`.
 */
export interface BoxOfficeQueue {
  /**
   * Idempotent: a waiting user gets the same number back, never a better one. After the queue
   * was reset (`QUEUE_RESET`, a `queue.reset` update), join again with the `receipt` of an
   * earlier ticket to get that number back.
   */
  join(input: QueueRequest<QueueJoinInput>, options?: Pick<CallOptions, 'userId'>): Promise<QueueTicket>;
  status(input: QueueRequest, options?: Pick<CallOptions, 'userId'>): Promise<QueueTicket>;
  /** A sign of life: users not heard from within the heartbeat timeout lose their turn. */
  heartbeat(input: QueueRequest, options?: Pick<CallOptions, 'userId'>): Promise<QueueTicket>;
  /** Leaves the line, or gives up an admission (its slot goes to the next user). */
  leave(input: QueueRequest, options?: Pick<CallOptions, 'userId'>): Promise<QueueTicket>;
  /**
   * Randomized queues: the draw as published to anyone — the seed's hash, the seed once drawn,
   * and the order as per-user commitments (no user ids), to check with `auditDraw` (the whole
   * order) and `findDrawPlace` (a user's own number).
   */
  drawOrder(eventId: string, options?: { offset?: number; limit?: number }): Promise<PublishedDraw>;
  /**
   * What anyone may see of the event's queue, the same for everyone (a CDN serves it over
   * HTTP): the admitted counter, the measured rate, paused, sold out. A waiting user's place
   * is `waitOnBoard(ticket.number, board)`: no per-user request needed to follow the line.
   */
  board(eventId: string): Promise<QueueBoard>;
  /** Updates as they happen in this process: admissions (with tokens) and inventory changes. */
  subscribe(listener: (update: QueueUpdate) => void): () => void;
}
