import type { BoxOfficeResources } from './box-office.js';
import type { InventoryResult } from './domain/inventory.js';
import type { BlockInput, RepriceInput, UnblockInput } from './domain/inputs.js';
import type { QueueSettingsInput } from './domain/inputs.js';
import type { AdmitReport, QueueStats } from './domain/queue-views.js';
import type { BookInput, CancelInput, ConfirmInput, EventInput, EventPatch, HoldInput, ListEventsInput, PerformerInput, VenueInput } from './domain/inputs.js';
import type { SearchInput } from './domain/inputs.js';
import type { AuditReport, Booking, Event, EventView, Hold, OutboxMessage, Performer, Ticket, Venue } from './domain/types.js';
import type { Suggestion } from './ports/search.js';
import type { SearchResult } from './services/search-service.js';
import type { ReconcileReport, SweepReport } from './services/sweeper.js';

/**
 * The flat names of 0.1, kept for one minor version over the grouped resources. Each is one
 * line below: the acting user and the idempotency key move from the input to the call options.
 * Delete this file (and its `extends`) in 0.3.
 */
export interface DeprecatedCalls {
  /** @deprecated `bo.performers.create` */
  createPerformer(input: PerformerInput): Promise<Performer>;
  /** @deprecated `bo.venues.create` */
  createVenue(input: VenueInput): Promise<Venue>;
  /** @deprecated `bo.events.create` */
  createEvent(input: EventInput): Promise<Event>;
  /** @deprecated `bo.events.update` */
  updateEvent(eventId: string, patch: EventPatch): Promise<Event>;
  /** @deprecated `bo.events.get` */
  getEvent(eventId: string): Promise<EventView>;
  /** @deprecated `bo.events.list` (a `Page`, iterable over every page) */
  listEvents(options?: ListEventsInput): Promise<Event[]>;
  /** @deprecated `bo.events.tickets` */
  getTickets(eventId: string): Promise<Ticket[]>;
  /** @deprecated `bo.events.search` */
  searchEvents(query?: SearchInput): Promise<SearchResult>;
  /** @deprecated `bo.events.suggest` */
  suggest(prefix: string, options?: { limit?: number }): Promise<Suggestion[]>;
  /** @deprecated `bo.holds.create(request, { userId, idempotencyKey })` */
  hold(input: HoldInput): Promise<Hold>;
  /** @deprecated `bo.holds.get(holdId, { userId })` */
  getHold(holdId: string, userId?: string): Promise<Hold>;
  /** @deprecated `bo.holds.release(holdId, { userId })` */
  releaseHold(input: { holdId: string; userId: string }): Promise<Hold>;
  /** @deprecated `bo.queue.configure` */
  configureQueue(eventId: string, settings: QueueSettingsInput): Promise<QueueStats>;
  /** @deprecated `bo.queue.pause` */
  pauseQueue(eventId: string): Promise<QueueStats>;
  /** @deprecated `bo.queue.resume` */
  resumeQueue(eventId: string): Promise<QueueStats>;
  /** @deprecated `bo.queue.stats` */
  queueStats(eventId: string): Promise<QueueStats>;
  /** @deprecated `bo.queue.admit` */
  admitQueues(): Promise<AdmitReport[]>;
  /** @deprecated `bo.bookings.confirm(request, { userId, idempotencyKey })` */
  confirm(input: ConfirmInput): Promise<Booking>;
  /** @deprecated `bo.bookings.book(request, { userId, idempotencyKey })` */
  book(input: BookInput): Promise<Booking>;
  /** @deprecated `bo.bookings.cancel(bookingId, { userId, idempotencyKey, asOperator })` */
  cancelBooking(input: CancelInput): Promise<Booking>;
  /** @deprecated `bo.bookings.get(bookingId, { userId })` */
  getBooking(bookingId: string, userId?: string): Promise<Booking>;
  /** @deprecated `bo.bookings.list(filter, { userId })` (a `Page`, iterable over every page) */
  listBookings(filter: { userId?: string; eventId?: string; page?: number; pageSize?: number }): Promise<Booking[]>;
  /** @deprecated `bo.inventory.block` */
  blockTickets(input: BlockInput): Promise<InventoryResult>;
  /** @deprecated `bo.inventory.unblock` */
  unblockTickets(input: UnblockInput): Promise<InventoryResult>;
  /** @deprecated `bo.inventory.reprice` */
  repriceTickets(input: RepriceInput): Promise<InventoryResult>;
  /** @deprecated `bo.operations.sweep` */
  sweep(): Promise<SweepReport>;
  /** @deprecated `bo.operations.reconcilePayments` */
  reconcilePayments(options?: { abandonedAfterMs?: number; settleAfterMs?: number }): Promise<ReconcileReport>;
  /** @deprecated `bo.operations.audit` */
  audit(eventId?: string): Promise<AuditReport>;
  /** @deprecated `bo.operations.outbox` */
  outbox(options?: { undispatchedOnly?: boolean; limit?: number }): Promise<OutboxMessage[]>;
}

/** Splits a 0.1 input into the request and the call options. */
function split<T extends { userId?: string | undefined; idempotencyKey?: string | undefined }>(input: T) {
  const { userId, idempotencyKey, ...request } = input;
  return [request, { userId, idempotencyKey }] as const;
}

/** The resources with the 0.1 names added (the same object: its resources are not copied). */
export function withDeprecatedCalls<T extends BoxOfficeResources>(bo: T): T & DeprecatedCalls {
  const calls: DeprecatedCalls = {
    createPerformer: (input) => bo.performers.create(input),
    createVenue: (input) => bo.venues.create(input),
    createEvent: (input) => bo.events.create(input),
    updateEvent: (eventId, patch) => bo.events.update(eventId, patch),
    getEvent: (eventId) => bo.events.get(eventId),
    listEvents: async (options) => (await bo.events.list(options)).items,
    getTickets: (eventId) => bo.events.tickets(eventId),
    searchEvents: (query) => bo.events.search(query),
    suggest: (prefix, options) => bo.events.suggest(prefix, options),
    hold: (input) => bo.holds.create(...split(input)),
    getHold: (holdId, userId) => bo.holds.get(holdId, { userId }),
    releaseHold: ({ holdId, userId }) => bo.holds.release(holdId, { userId }),
    configureQueue: (eventId, settings) => bo.queue.configure(eventId, settings),
    pauseQueue: (eventId) => bo.queue.pause(eventId),
    resumeQueue: (eventId) => bo.queue.resume(eventId),
    queueStats: (eventId) => bo.queue.stats(eventId),
    admitQueues: () => bo.queue.admit(),
    confirm: (input) => bo.bookings.confirm(...split(input)),
    book: (input) => bo.bookings.book(...split(input)),
    cancelBooking: ({ bookingId, asOperator, ...rest }) => {
      const [, options] = split(rest);
      return bo.bookings.cancel(bookingId, { ...options, ...(asOperator === undefined ? {} : { asOperator }) });
    },
    getBooking: (bookingId, userId) => bo.bookings.get(bookingId, { userId }),
    listBookings: async ({ userId, ...filter }) => (await bo.bookings.list(filter, { userId })).items,
    blockTickets: (input) => bo.inventory.block(...split(input)),
    unblockTickets: (input) => bo.inventory.unblock(...split(input)),
    repriceTickets: (input) => bo.inventory.reprice(...split(input)),
    sweep: () => bo.operations.sweep(),
    reconcilePayments: (options) => bo.operations.reconcilePayments(options),
    audit: (eventId) => bo.operations.audit(eventId),
    outbox: (options) => bo.operations.outbox(options),
  };
  return Object.assign(bo, calls);
}
