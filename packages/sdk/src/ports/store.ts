import type {
  AuditReport,
  Booking,
  Event,
  Hold,
  OutboxMessage,
  OutboxTopic,
  Payment,
  PaymentStatus,
  Performer,
  Ticket,
  TicketChange,
  Venue,
} from '../domain/types.js';
import type { SnapshotSeat } from '../domain/best-available.js';
import type { SalesBlock } from '../domain/sales-window.js';
import type { SkippedTicket } from '../domain/inventory.js';
import type { Place } from '../domain/seat-map.js';
import type { QueueConfigStore } from './queue-config.js';
import type { WebhookStore } from './webhooks.js';

/**
 * The store port: the source of truth for the catalog, tickets, holds, bookings, payments,
 * idempotency keys and the outbox. Every method is one atomic step: an adapter runs each in
 * a single short transaction (or an equivalent synchronous check-and-set) and never hands a
 * transaction or driver type to its caller.
 *
 * Time: every expiry decision uses the store's own clock (`now()` on PostgreSQL), never the
 * caller's. A RESERVED ticket past `reservedUntil` counts as AVAILABLE at once.
 *
 * Not covered here: search (its own port), the queue's live state (only its configuration is
 * here, `queueConfigs`), and payment gateways.
 */
export interface Store extends CatalogStore, ReservationStore, InventoryStore, BookingStore, IdempotencyStore, OutboxStore {
  /** Which adapter this is (`memory`, `pglite`, `postgres`), for logs and reports. */
  readonly kind: string;
  /**
   * Webhook endpoints and their deliveries, fanned out from this store's outbox (every built-in
   * store has it; optional so that a store without webhooks still fits the port).
   */
  readonly webhooks?: WebhookStore;
  /**
   * The durable configuration of waiting queues (every built-in store has it). Without it a
   * queue lives only in the queue backend and is gone if that loses its data.
   */
  readonly queueConfigs?: QueueConfigStore;
  /** The store's clock, in epoch milliseconds. */
  now(): Promise<number>;
  /** The invariants of the promise, checked over one event or the whole store. */
  audit(eventId?: string): Promise<AuditReport>;
  close(): Promise<void>;
}

export interface NewEvent {
  readonly event: Event;
  readonly places: Iterable<Place>;
  /** Ticket ids are derived from this prefix and the place index, so creation is deterministic. */
  readonly ticketIdPrefix: string;
}

export interface ListEventsOptions {
  readonly limit: number;
  readonly offset: number;
  readonly endedAfter?: number;
}

export interface CatalogStore {
  createPerformer(performer: Performer): Promise<void>;
  createVenue(venue: Venue): Promise<void>;
  /** Creates the event and every ticket for it in one step; returns the number of tickets. */
  createEvent(input: NewEvent): Promise<number>;
  updateEvent(event: Event): Promise<void>;
  getPerformers(ids: readonly string[]): Promise<Performer[]>;
  getVenue(id: string): Promise<Venue | null>;
  getEvent(id: string): Promise<Event | null>;
  /** A page of events; with `endedAfter` (epoch ms), only those whose `endsAt` is at or after it. */
  listEvents(options: ListEventsOptions): Promise<Event[]>;
  /** How many events `listEvents` would page through with the same `endedAfter`. */
  countEvents(options: Pick<ListEventsOptions, 'endedAfter'>): Promise<number>;
  /** Tickets of an event as stored (RESERVED may be past expiry: see `effectiveStatus`). */
  getTickets(eventId: string): Promise<Ticket[]>;
  getTicketsByIds(ids: readonly string[]): Promise<Ticket[]>;
  /** The compact availability snapshot best-available works on, expiry already applied. */
  getSnapshot(eventId: string): Promise<SnapshotSeat[]>;
  /**
   * Optional (best-available, read once per hold). Which of the event's tickets are available,
   * without re-reading what never changes: a caller builds the seats' layout once from
   * `getSnapshot` and reads only this afterwards. Null for an unknown event (or one without
   * tickets).
   */
  getAvailability?(eventId: string): Promise<SeatAvailability | null>;
  /**
   * Optional (readiness). Milliseconds the oldest call to this store still in flight has been
   * running, 0 when none is: a booking path stalled behind a lock or a frozen database shows
   * here before any probe query fails. Stores whose calls cannot stall (memory) leave it out.
   */
  oldestCallAgeMs?(): number;
  /**
   * Optional (search and seeding). Writes a batch of catalog records in one step (one
   * transaction on PostgreSQL): performers, then venues, then events with their tickets.
   * Returns the number of tickets created. Stores without it are loaded record by record.
   */
  importCatalog?(batch: CatalogBatch): Promise<number>;
  /**
   * Optional (search). A number that grows whenever a performer, venue or event is written, by
   * any process sharing the store. A search index remembers the version it was built from.
   */
  catalogVersion?(): Promise<number>;
  /**
   * Optional (search). Per event (all events when `eventIds` is omitted): how many tickets are
   * available now, expiry applied by the store's clock, and the cheapest of them.
   */
  summarizeAvailability?(eventIds?: readonly string[]): Promise<AvailabilitySummary[]>;
  /**
   * Optional (search). Events in id order after `after` (null: from the first): a full scan
   * whose every page costs the same (an OFFSET page of `listEvents` sorts the whole table).
   */
  listEventsById?(options: { after: string | null; limit: number }): Promise<Event[]>;
}

/**
 * An event's availability by ticket position. Positions are those of `getSnapshot`'s order,
 * which is fixed for an event.
 */
export interface SeatAvailability {
  /**
   * Changes whenever what a layout is built from changes: the event's set of tickets, or any
   * ticket's section, row, seat or price. A layout built under another version must be rebuilt.
   */
  readonly layoutVersion: string;
  /** How many tickets the event has. */
  readonly size: number;
  /**
   * One bit per ticket, set when it is available (bit `i % 32` of word `i >> 5`; see
   * `isAvailableAt`), expiry applied by the store's clock as of the read. A fresh array the
   * caller owns; it is advice: `takeHold` decides.
   */
  readonly available: Uint32Array;
}

/** A batch of catalog records for `importCatalog`. */
export interface CatalogBatch {
  readonly performers?: readonly Performer[];
  readonly venues?: readonly Venue[];
  readonly events?: readonly NewEvent[];
}

/** An event's availability as search sees it. */
export interface AvailabilitySummary {
  readonly eventId: string;
  readonly available: number;
  /** The cheapest available ticket (minor units), or null when none is available. */
  readonly minPrice: number | null;
}

export interface TakeHoldRequest {
  readonly holdId: string;
  readonly eventId: string;
  readonly userId: string;
  readonly ticketIds: readonly string[];
  readonly ttlSeconds: number;
  /** Cap on tickets this user may hold or own for the event, counting this request. */
  readonly maxTicketsPerUser: number | null;
}

export type TakeHoldResult =
  | { readonly ok: true; readonly hold: Hold }
  | { readonly ok: false; readonly reason: 'SEAT_UNAVAILABLE'; readonly unavailable: readonly string[] }
  | { readonly ok: false; readonly reason: 'LIMIT_EXCEEDED'; readonly owned: number }
  | { readonly ok: false; readonly reason: 'NOT_FOUND'; readonly missing: readonly string[] };

export interface FreedHold {
  readonly holdId: string;
  readonly eventId: string;
  readonly changes: readonly TicketChange[];
}

export interface ReservationStore {
  /**
   * All-or-nothing: every named ticket goes RESERVED under this hold (if AVAILABLE, or
   * RESERVED by an expired hold) or none does. One conditional write, no lock held after it.
   */
  takeHold(request: TakeHoldRequest): Promise<TakeHoldResult>;
  /**
   * Optional: several holds in one step (one round trip and one transaction on PostgreSQL),
   * each all-or-nothing, answered as `takeHold` would answer them taken one after another in
   * this order. Throws if the step fails as a whole. Best-available places a batch of buyers
   * on disjoint blocks and sends them through it.
   */
  takeHolds?(requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]>;
  getHold(id: string): Promise<Hold | null>;
  /** Returns the hold's still-reserved tickets to sale; a no-op for a hold no longer ACTIVE. */
  releaseHold(holdId: string): Promise<FreedHold | null>;
  /**
   * Returns up to `limit` expired holds' seats to sale and marks the holds EXPIRED. Safe to
   * run in every process at once (rows another sweeper is working on are skipped).
   */
  sweepExpired(limit: number): Promise<FreedHold[]>;
}

export interface InventoryWrite {
  /** Tickets changed, sorted by id. */
  readonly changed: readonly string[];
  /** Selected tickets left alone, with their effective status (store clock applied). */
  readonly skipped: readonly SkippedTicket[];
  /** Named ids that are not tickets of the event. */
  readonly missing: readonly string[];
}

/**
 * Operator writes on an event's tickets (see `domain/inventory.ts` for what a block is). Each
 * method is one atomic step over the named tickets and acts on those in the right state at
 * that moment, reporting the rest: a buyer's concurrent hold wins or loses against it exactly
 * as against another hold, never both.
 */
export interface InventoryStore {
  /**
   * Takes the named tickets that are available now (expiry by the store clock) off sale under
   * a new block `blockId` (a hold owned by BLOCK_HOLDER, expiring at BLOCK_EXPIRES_AT). Writes
   * no block when none is available.
   */
  blockTickets(request: { blockId: string; eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite>;
  /** Returns the named tickets that are under a block of this event to sale. */
  unblockTickets(request: { eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite>;
  /**
   * Sets the price of the named tickets that are not SOLD (a sold ticket keeps what was paid; a
   * held one changes price, but its hold keeps the total it was taken at). With `tier`, the
   * event's price for that tier changes in the same step.
   */
  repriceTickets(request: { eventId: string; ticketIds: readonly string[]; price: number; tier?: string }): Promise<InventoryWrite>;
}

export interface ConfirmRequest {
  readonly holdId: string;
  readonly userId: string;
  readonly bookingId: string;
  readonly paymentId: string;
  readonly gatewayReference: string;
  readonly outbox: { readonly id: string; readonly topic: OutboxTopic; readonly payload: Record<string, unknown> };
}

export type ConfirmResult =
  | { readonly ok: true; readonly booking: Booking }
  | { readonly ok: false; readonly reason: 'HOLD_NOT_FOUND' | 'HOLD_EXPIRED' | 'HOLD_NOT_ACTIVE' | 'FORBIDDEN' }
  /** The hold's event stopped selling (cancelled, postponed, or past its sales end) by the store's clock. */
  | { readonly ok: false; readonly reason: 'EVENT_NOT_ON_SALE'; readonly block: SalesBlock };

export interface CancelRequest {
  readonly bookingId: string;
  readonly outbox: ConfirmRequest['outbox'];
  /**
   * A user's cancellation (not an operator's): refused unless the booking's event is before its
   * refund deadline (`refundOpenAt`) by the store's clock, read inside the cancel's own
   * transaction with the event row locked against a concurrent change of the deadline.
   */
  readonly beforeRefundDeadline?: boolean;
}

export type CancelResult =
  | { readonly ok: true; readonly booking: Booking; readonly changes: readonly TicketChange[] }
  | { readonly ok: false; readonly reason: 'NOT_FOUND' | 'CONFLICT' }
  /** With `beforeRefundDeadline`: the event's deadline had passed; nothing was changed. */
  | { readonly ok: false; readonly reason: 'REFUND_DEADLINE_PASSED'; readonly eventId: string; readonly refundDeadlineAt: string };

export interface PaymentChange {
  readonly from: readonly PaymentStatus[];
  readonly status: PaymentStatus;
  readonly gatewayReference?: string;
  readonly failureReason?: string;
  /** A message about the payment (its aggregate), e.g. `payment.refunded`. */
  readonly outbox?: ConfirmRequest['outbox'];
}

export interface BookingStore {
  /** Records a payment attempt before the gateway is called, so a crash leaves a trace. */
  createPayment(payment: Payment): Promise<void>;
  /**
   * Moves a payment to `status`; `from` guards the transition (compare-and-set). The change's
   * outbox message, if any, is written in the same step, and only when the payment moved.
   */
  updatePayment(id: string, change: PaymentChange): Promise<boolean>;
  getPayment(id: string): Promise<Payment | null>;
  /** Payments in `statuses` last changed before `olderThanMs` (store clock), for reconciliation. */
  listPaymentsToReconcile(statuses: readonly PaymentStatus[], olderThanMs: number, limit: number): Promise<Payment[]>;
  /**
   * In ONE transaction: the hold's tickets RESERVED→SOLD (only if the hold is this user's,
   * ACTIVE and unexpired, still owns every ticket, and its event is on sale at that moment:
   * `salesBlockAt` by the store's clock, and no concurrent status change slips past it), the booking written, the payment
   * AUTHORIZED and linked, the outbox message written. Nothing of it otherwise.
   */
  confirmHold(request: ConfirmRequest): Promise<ConfirmResult>;
  /**
   * In ONE transaction: booking CANCELLED, its tickets SOLD→AVAILABLE, the outbox message
   * (for a user's cancel, only while the event's refund deadline has not passed at that moment).
   */
  cancelBooking(request: CancelRequest): Promise<CancelResult>;
  getBooking(id: string): Promise<Booking | null>;
  getBookingByHold(holdId: string): Promise<Booking | null>;
  listBookings(filter: { userId?: string; eventId?: string; limit: number; offset: number }): Promise<Booking[]>;
  /** How many bookings `listBookings` would page through with the same filter. */
  countBookings(filter: { userId?: string; eventId?: string }): Promise<number>;
}

export type IdempotencyClaim =
  | { readonly state: 'new' }
  | { readonly state: 'done'; readonly response: unknown }
  | { readonly state: 'mismatch' }
  | { readonly state: 'in-progress' };

/** A claim's owner (a random token of the claiming call) and how long its claim lasts unrenewed. */
export interface IdempotencyLease {
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * Idempotency keys with leases: a claim lasts `leaseMs` (store clock) unless its owner renews
 * it, so a claim whose owner died is retaken a few seconds later, not after a long fixed wait,
 * while a live owner's slow work keeps its key. Writes after a claim name the owner, so an
 * owner that lost its lease (it stalled past it and another caller took the key over) can
 * neither record its outcome over the new owner's nor release the new owner's claim.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` in `scope` for a request with `fingerprint`. The first claim wins ('new');
   * a later one sees the stored response ('done'), a different request ('mismatch'), or a
   * claim whose lease still runs ('in-progress'). A claim whose lease lapsed is taken over:
   * 'new', now owned by `lease.owner`.
   */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyClaim>;
  /** Extends the owner's lease to `leaseMs` from now; false when the claim is no longer its (taken over, finished or gone). */
  renewIdempotencyKey(scope: string, key: string, lease: IdempotencyLease): Promise<boolean>;
  /** Records the response if `owner` still holds the claim; false (nothing written) otherwise. */
  completeIdempotencyKey(scope: string, key: string, owner: string, response: unknown): Promise<boolean>;
  /** Forgets `owner`'s unfinished claim (its request failed in a way a retry may fix); anyone else's is left alone. */
  releaseIdempotencyKey(scope: string, key: string, owner: string): Promise<void>;
}

export interface OutboxStore {
  listOutbox(options: { undispatchedOnly: boolean; limit: number }): Promise<OutboxMessage[]>;
  markDispatched(ids: readonly string[]): Promise<void>;
}

/**
 * Offered by stores whose clock tests may move forward (every built-in store: memory keeps an
 * offset on its clock, PostgreSQL an offset row read by `bo_now()`). Never used in production.
 */
export interface ClockControl {
  advanceClock(ms: number): Promise<void>;
}

export function hasClockControl(store: object): store is ClockControl {
  return typeof (store as Partial<ClockControl>).advanceClock === 'function';
}
