import type { EventInput, EventPatch, HoldInput, PerformerInput, VenueInput, ConfirmInput, BookInput, CancelInput, ListEventsInput } from './domain/schemas.js';
import type { AuditReport, Booking, DomainEvent, Event, EventView, Hold, OutboxMessage, Performer, Ticket, Venue } from './domain/types.js';
import type { ReconcileReport, SweepReport } from './services/sweeper.js';
import type { BoxOfficeQueue } from './box-office-queue.js';
import type { QueueSettingsInput } from './domain/queue-schemas.js';
import type { AdmitReport, QueueStats } from './domain/queue-views.js';
import type { SearchInput } from './domain/search-query.js';
import type { Suggestion } from './ports/search.js';
import type { SearchResult } from './services/search-service.js';
import type { BlockInput, InventoryResult, RepriceInput, UnblockInput } from './domain/inventory.js';

/**
 * The one public interface of BoxOffice. `createBoxOffice()` implements it in-process over a
 * store; the remote client implements it over HTTP. The CLI and the simulator are written
 * against it, so they work the same embedded or against a deployment.
 */
export interface BoxOffice {
  /** Which store serves this instance (`memory`, `pglite`, `postgres`, `remote`). */
  readonly storeKind: string;

  // Catalog
  createPerformer(input: PerformerInput): Promise<Performer>;
  createVenue(input: VenueInput): Promise<Venue>;
  createEvent(input: EventInput): Promise<Event>;
  updateEvent(eventId: string, patch: EventPatch): Promise<Event>;
  /** The seed's view: Event & { venue, performers, tickets }. */
  getEvent(eventId: string): Promise<EventView>;
  /** Events by page; those that have ended are left out unless `includePast` (as in search). */
  listEvents(options?: ListEventsInput): Promise<Event[]>;
  getTickets(eventId: string): Promise<Ticket[]>;

  // Search (may lag the catalog by the search adapter's documented bound)
  /** The seed's search plus filters, sorts and facets: `{ items, total, page, pageSize, facets? }`. */
  searchEvents(query?: SearchInput): Promise<SearchResult>;
  /** Titles, performers, venues and cities for a prefix being typed, popularity-weighted. */
  suggest(prefix: string, options?: { limit?: number }): Promise<Suggestion[]>;

  // Holds
  /** Holds the named tickets, or the best N under constraints; all-or-nothing. */
  hold(input: HoldInput): Promise<Hold>;
  /** A hold as its owner sees it (omit `userId` for operator access). */
  getHold(holdId: string, userId?: string): Promise<Hold>;
  releaseHold(input: { holdId: string; userId: string }): Promise<Hold>;

  // Virtual waiting queue
  /** Join, status, heartbeat, leave. Holds on an event whose queue is enabled need the admission token. */
  readonly queue: BoxOfficeQueue;
  /** Operator: creates or changes an event's queue; the settings are a patch over the current ones. */
  configureQueue(eventId: string, settings: QueueSettingsInput): Promise<QueueStats>;
  /** Operator: stops admitting (joins continue). */
  pauseQueue(eventId: string): Promise<QueueStats>;
  resumeQueue(eventId: string): Promise<QueueStats>;
  queueStats(eventId: string): Promise<QueueStats>;
  /** One admission tick over every queue, safe in every process at once (also runs by itself when started). */
  admitQueues(): Promise<AdmitReport[]>;

  // Bookings
  /** Pays for a hold and confirms it: the seats become SOLD to a booking. */
  confirm(input: ConfirmInput): Promise<Booking>;
  /** The seed's one-shot booking: hold + pay + confirm. */
  book(input: BookInput): Promise<Booking>;
  /** A user may cancel until the event's refund deadline; `asOperator: true` (admins) any time. */
  cancelBooking(input: CancelInput): Promise<Booking>;
  getBooking(bookingId: string, userId?: string): Promise<Booking>;
  listBookings(filter: { userId?: string; eventId?: string; page?: number; pageSize?: number }): Promise<Booking[]>;

  // Inventory (operators)
  /**
   * Takes the selected seats that are available now off sale until released (house seats,
   * camera positions...): they read RESERVED to buyers. Held and sold seats are reported, not touched.
   */
  blockTickets(input: BlockInput): Promise<InventoryResult>;
  /** Returns the selected blocked seats to sale; seats not under a block are reported. */
  unblockTickets(input: UnblockInput): Promise<InventoryResult>;
  /**
   * Sets the price of the selected unsold seats (a tier selection also changes the event's
   * price for that tier). Sold seats keep what was paid; a hold keeps the total it was taken at.
   */
  repriceTickets(input: RepriceInput): Promise<InventoryResult>;

  // Operations
  /** Returns expired holds' seats to sale now (the sweeper also runs by itself when started). */
  sweep(): Promise<SweepReport>;
  /** Settles payments left half-way by crashes or gateway failures. */
  reconcilePayments(options?: { abandonedAfterMs?: number; settleAfterMs?: number }): Promise<ReconcileReport>;
  /** Proves an event (or the store) has no oversold seat, no lost booking, no stray capture. */
  audit(eventId?: string): Promise<AuditReport>;
  outbox(options?: { undispatchedOnly?: boolean; limit?: number }): Promise<OutboxMessage[]>;
  /** Domain events (ticket state changes) as they commit. Returns the unsubscribe function. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}
