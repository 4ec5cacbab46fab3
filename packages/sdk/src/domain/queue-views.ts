import { estimateWait, positionOf, type QueueInventory, type QueueSettings, type QueueUserState, type WaitEstimate } from './queue.js';

/** What a queued user sees (join, status, heartbeat, leave). */
export interface QueueTicket {
  readonly eventId: string;
  readonly userId: string;
  readonly state: QueueUserState;
  /** The user's number; null in the pre-queue of a randomized queue (until the draw). */
  readonly number: number | null;
  /** Users ahead (an upper bound: those who leave or stop heart-beating are skipped). Null in the pre-queue. */
  readonly position: number | null;
  /** The admitted counter: position = number − counter, so clients can follow one broadcast. */
  readonly counter: number;
  /** Seconds, from the measured admission rate; null unless waiting. */
  readonly estimatedWait: WaitEstimate | null;
  readonly inventory: QueueInventory;
  /** Nothing AVAILABLE or RESERVED is left. */
  readonly soldOut: boolean;
  readonly paused: boolean;
  /** Randomized queues: when the pre-queue is drawn. */
  readonly onSaleAt: string | null;
  /** Admitted users: the token a hold needs, and its expiry. */
  readonly admissionToken: string | null;
  readonly tokenExpiresAt: string | null;
  /**
   * The signed join receipt (users with a number): keep it, and join again with it after a
   * `QUEUE_RESET` (or a `queue.reset` update) to get the same number back.
   */
  readonly receipt: string | null;
}

/** An operator's view of an event's queue. */
export interface QueueStats {
  readonly eventId: string;
  readonly settings: QueueSettings;
  readonly paused: boolean;
  /** Numbers handed out so far. */
  readonly issued: number;
  readonly counter: number;
  /** Numbers not reached yet (an upper bound on the users still waiting). */
  readonly waiting: number;
  /** Live admission slots. */
  readonly active: number;
  /** Counter advance per second, smoothed; null until measured. */
  readonly measuredRate: number | null;
  readonly inventory: QueueInventory;
  readonly inventoryCheckedAt: string | null;
  /** Randomized queues: the commitment, and the seed once drawn (anyone can audit the order). */
  readonly draw: { readonly seedHash: string; readonly seed: string | null; readonly drawn: boolean; readonly participants: number } | null;
  /** Goes up when an operator turns the queue on; receipts of an older epoch are not honoured. */
  readonly epoch: number;
  /** How many times the queue was re-created after its backend (Redis) lost it. */
  readonly generation: number;
  /** When it last was (ISO 8601), null if never. */
  readonly lastResetAt: string | null;
}

/**
 * A randomized queue's draw as published to anyone (`GET /events/:id/queue/draw`): per-user
 * commitments, never user ids. Before the draw `seedHash` is already there (note it), `seed`
 * is null and `order` empty; after it, `auditDraw` checks the whole order and `findDrawPlace`
 * a user's own number (see domain/queue-draw.ts). All null/empty for an event without a
 * randomized queue.
 */
export interface PublishedDraw {
  readonly eventId: string;
  readonly seedHash: string | null;
  readonly seed: string | null;
  readonly drawn: boolean;
  readonly participants: number;
  /** Where this page of `order` starts: `order[i]` is the commitment of number `offset + i + 1`. */
  readonly offset: number;
  readonly order: readonly string[];
}

/** One admission tick's work on one event. */
export interface AdmitReport {
  readonly eventId: string;
  /** False when another process took the tick (or the queue is paused). */
  readonly won: boolean;
  readonly admitted: number;
  readonly skipped: number;
  readonly counter: number;
  /** The randomized draw ran in this tick. */
  readonly drew: boolean;
}

/**
 * Pushed to in-process listeners: the counter moved (with the admitted users' tokens), the
 * inventory changed, or an operator changed the queue's settings (turned it on or off).
 */
export type QueueUpdate =
  | {
      readonly type: 'queue.admitted';
      readonly eventId: string;
      readonly counter: number;
      readonly admitted: readonly { readonly userId: string; readonly admissionToken: string; readonly tokenExpiresAt: string }[];
    }
  | { readonly type: 'queue.inventory'; readonly eventId: string; readonly inventory: QueueInventory }
  | { readonly type: 'queue.settings'; readonly eventId: string; readonly enabled: boolean }
  /**
   * The queue's backend lost it and it was re-created from its durable configuration: every
   * waiting user must join again (with their receipt, to keep their number). `detectedHere`:
   * this process re-created it (so one reset is logged and counted once, where it happened).
   */
  | { readonly type: 'queue.reset'; readonly eventId: string; readonly generation: number; readonly resetAt: string; readonly detectedHere?: boolean };

interface TicketQueue {
  readonly eventId: string;
  readonly settings: QueueSettings;
  readonly paused: boolean;
  readonly counter: number;
  readonly measuredRate: number | null;
  readonly inventory: QueueInventory;
}

interface TicketRecord {
  readonly userId: string;
  readonly state: QueueUserState;
  readonly number: number | null;
  readonly expiresAt: number | null;
}

/** Builds what a user sees from the queue's state and its record of them. */
export function queueTicket(q: TicketQueue, r: TicketRecord, admissionToken: string | null, receipt: string | null = null): QueueTicket {
  const waiting = r.state === 'waiting' && r.number !== null;
  const position = r.number === null ? null : waiting ? positionOf(r.number, q.counter) : 0;
  return {
    eventId: q.eventId,
    userId: r.userId,
    state: r.state,
    number: r.number,
    position,
    counter: q.counter,
    estimatedWait: waiting ? estimateWait(position ?? 0, q.measuredRate, q.settings.admissionRate) : null,
    inventory: q.inventory,
    soldOut: q.inventory === 'sold_out',
    paused: q.paused,
    onSaleAt: q.settings.onSaleAt,
    admissionToken: r.state === 'admitted' ? admissionToken : null,
    tokenExpiresAt: r.state === 'admitted' && r.expiresAt !== null ? new Date(r.expiresAt).toISOString() : null,
    receipt,
  };
}
