import type { BoxOfficeQueue } from './box-office-queue.js';
import type { InventoryResult } from './domain/inventory.js';
import type { BlockInput, RepriceInput, UnblockInput } from './domain/inputs.js';
import type { Page } from './domain/page.js';
import type { QueueSettingsInput } from './domain/inputs.js';
import type { AdmitReport, QueueStats } from './domain/queue-views.js';
import type { BookInput, ConfirmInput, EventInput, EventPatch, HoldInput, ListEventsInput, PerformerInput, VenueInput } from './domain/inputs.js';
import type { SearchInput } from './domain/inputs.js';
import type { AuditReport, Booking, Event, EventView, Hold, OutboxMessage, Performer, Ticket, Venue } from './domain/types.js';
import type { PagedList } from './paged-list.js';
import type { Suggestion } from './ports/search.js';
import type { WebhookEndpoint, WebhookEndpointDetail, WebhookEndpointSummary, WebhookPing } from './ports/webhooks.js';
import type { WebhookEndpointInput } from './webhooks/endpoint-types.js';
import type { SearchResult } from './services/search-service.js';
import type { ReconcileReport, SweepReport } from './services/sweeper.js';

/**
 * Per-call options, the second argument of every call that acts for a user or changes state.
 * In-process, a buyer's call needs `userId`. Over HTTP it defaults to the token's user; an
 * admin token acting for another user names it here (sent as `X-On-Behalf-Of`).
 */
export interface CallOptions {
  /** The user the call acts for (the buyer). Without it on a read: operator access to any user's record. */
  userId?: string | undefined;
  /**
   * Makes a state-changing call safe to repeat: the same key and the same request give the
   * first call's result, never a second hold, charge or booking (see docs/sdk.md, idempotency).
   */
  idempotencyKey?: string | undefined;
}

/** What a request names itself: the acting user and the key travel in `CallOptions`. */
type Request<T> = Omit<T, 'userId' | 'idempotencyKey'>;
export type HoldRequest = Request<HoldInput>;
export type ConfirmRequest = Request<ConfirmInput>;
export type BookRequest = Request<BookInput>;
export type BlockRequest = Request<BlockInput>;
export type UnblockRequest = Request<UnblockInput>;
export type RepriceRequest = Request<RepriceInput>;

export interface ListBookingsInput {
  eventId?: string;
  /** 1-based. */
  page?: number;
  /** 1-500, default 50. */
  pageSize?: number;
}

/** `bo.events`: the catalog's events, their tickets and search. */
export interface EventsResource {
  create(input: EventInput): Promise<Event>;
  update(eventId: string, patch: EventPatch): Promise<Event>;
  /** The seed's view: Event & { venue, performers, tickets }. */
  get(eventId: string): Promise<EventView>;
  /** Events by page (await), or every event from that page on (`for await`); ended ones only with `includePast`. */
  list(options?: ListEventsInput): PagedList<Event>;
  tickets(eventId: string): Promise<Ticket[]>;
  /** Full text, filters, sorts and facets; may lag the catalog by the search adapter's bound. */
  search(query?: SearchInput): Promise<SearchResult>;
  /** Titles, performers, venues and cities for a prefix being typed, popularity-weighted. */
  suggest(prefix: string, options?: { limit?: number }): Promise<Suggestion[]>;
}

export interface VenuesResource {
  create(input: VenueInput): Promise<Venue>;
}

export interface PerformersResource {
  create(input: PerformerInput): Promise<Performer>;
}

/** `bo.holds`: timed reservations of seats, all-or-nothing. */
export interface HoldsResource {
  /** Holds the named `ticketIds`, or the `best` N under constraints, for the event's hold time. */
  create(request: HoldRequest, options?: CallOptions): Promise<Hold>;
  /** A hold as its user sees it (`options.userId`), or as an operator does (none). */
  get(holdId: string, options?: CallOptions): Promise<Hold>;
  /** Gives the seats back at once. */
  release(holdId: string, options?: CallOptions): Promise<Hold>;
}

/** `bo.bookings`: paid confirmations. */
export interface BookingsResource {
  /** Pays for a hold and confirms it: the seats become SOLD to a booking. */
  confirm(request: ConfirmRequest, options?: CallOptions): Promise<Booking>;
  /** The seed's one-shot booking of named tickets: hold + pay + confirm. */
  book(request: BookRequest, options?: CallOptions): Promise<Booking>;
  /** A user may cancel until the event's refund deadline; `asOperator` (admins) any time. */
  cancel(bookingId: string, options?: CallOptions & { asOperator?: boolean }): Promise<Booking>;
  get(bookingId: string, options?: CallOptions): Promise<Booking>;
  /** A user's bookings (`options.userId`), or everyone's for an operator; by page or `for await`. */
  list(filter?: ListBookingsInput, options?: CallOptions): PagedList<Booking>;
}

/** `bo.queue`: the virtual waiting queue, the buyer's side and the operator's. */
export interface QueueResource extends BoxOfficeQueue {
  /** Creates or changes an event's queue; the settings are a patch over the current ones. */
  configure(eventId: string, settings: QueueSettingsInput): Promise<QueueStats>;
  /** Stops admitting (joins continue). */
  pause(eventId: string): Promise<QueueStats>;
  resume(eventId: string): Promise<QueueStats>;
  stats(eventId: string): Promise<QueueStats>;
  /** One admission tick over every queue, safe in every process at once (also runs by itself when started). */
  admit(): Promise<AdmitReport[]>;
}

/** `bo.inventory`: operators' changes to what is on sale. */
export interface InventoryResource {
  /**
   * Takes the selected seats that are available now off sale until released (house seats,
   * camera positions...): they read RESERVED to buyers. Held and sold seats are reported, not touched.
   */
  block(request: BlockRequest, options?: CallOptions): Promise<InventoryResult>;
  /** Returns the selected blocked seats to sale; seats not under a block are reported. */
  unblock(request: UnblockRequest, options?: CallOptions): Promise<InventoryResult>;
  /**
   * Sets the price of the selected unsold seats (a tier selection also changes the event's
   * price for that tier). Sold seats keep what was paid; a hold keeps the total it was taken at.
   */
  reprice(request: RepriceRequest, options?: CallOptions): Promise<InventoryResult>;
}

/** `bo.operations`: what keeps a deployment honest (the server runs sweep and reconcile by itself). */
export interface OperationsResource {
  /** Returns expired holds' seats to sale now. */
  sweep(): Promise<SweepReport>;
  /** Settles payments left half-way by crashes or gateway failures. */
  reconcilePayments(options?: { abandonedAfterMs?: number; settleAfterMs?: number }): Promise<ReconcileReport>;
  /** Proves an event (or the store) has no oversold seat, no lost booking, no stray capture. */
  audit(eventId?: string): Promise<AuditReport>;
  outbox(options?: { undispatchedOnly?: boolean; limit?: number }): Promise<OutboxMessage[]>;
  /**
   * Resolves once the store answers one cheap round trip (it reads the store's clock), rejects
   * if it cannot: what a readiness probe asks, without paging or counting anything. Over HTTP
   * it asks the server's `/readyz`.
   */
  ping(): Promise<void>;
}

/**
 * `bo.webhooks`: the endpoints the deployment's events are POSTed to (admin only over HTTP).
 * Deliveries are made by the webhook dispatcher (the server runs one), signed with each
 * endpoint's secret. Without a webhook store every call fails with UNAVAILABLE.
 */
export interface WebhooksResource {
  /**
   * Registers an endpoint (`url`, `topics` — default all —, `description`). The answer carries
   * its signing secret, shown only here. A URL on a loopback, private, link-local or metadata
   * address is refused (VALIDATION, `url`) unless the deployment allows private targets.
   */
  create(input: WebhookEndpointInput): Promise<WebhookEndpoint>;
  /** Every endpoint, oldest first, without secrets. */
  list(): Promise<WebhookEndpointSummary[]>;
  /** An endpoint and its recent deliveries (newest first), each with its attempts. */
  get(webhookId: string): Promise<WebhookEndpointDetail>;
  /** Removes an endpoint; its pending deliveries are never sent. */
  delete(webhookId: string): Promise<void>;
  /** Queues a `webhook.ping` event to the endpoint; its delivery shows on `get`. */
  test(webhookId: string): Promise<WebhookPing>;
}

export type { Page };
