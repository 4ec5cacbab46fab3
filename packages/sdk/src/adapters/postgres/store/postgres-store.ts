import type { Kysely, Selectable } from 'kysely';
import type { SnapshotSeat } from '../../../domain/best-available.js';
import type {
  AuditReport,
  Booking,
  Event,
  Hold,
  OutboxMessage,
  Payment,
  PaymentStatus,
  Performer,
  Ticket,
  Venue,
} from '../../../domain/types.js';
import type {
  AvailabilitySummary,
  CatalogBatch,
  CancelRequest,
  CancelResult,
  ClockControl,
  ConfirmRequest,
  ConfirmResult,
  FreedHold,
  IdempotencyClaim,
  IdempotencyLease,
  InventoryWrite,
  ListEventsOptions,
  NewEvent,
  PaymentChange,
  SeatAvailability,
  Store,
  TakeHoldRequest,
  TakeHoldResult,
} from '../../../ports/store.js';
import { audit } from './audit.js';
import { getAvailability } from './availability.js';
import * as bookings from './bookings.js';
import * as catalog from './catalog.js';
import { advanceClock, storeNow } from './clock.js';
import { createEvent } from './create-event.js';
import { CallsInFlight } from '../concurrency/calls-in-flight.js';
import { translated } from '../connection/db-errors.js';
import type { BoxOfficeDatabase, EventsTable } from '../schema/db-types.js';
import * as holds from './holds.js';
import { HoldBatcher, takeHoldsOrOneByOne, type HoldBatchStats, type HoldBatcherOptions } from './hold-batches.js';
import * as idempotency from './idempotency.js';
import * as inventory from './inventory.js';
import * as outbox from './outbox.js';
import { PostgresWebhookStore } from './webhooks.js';
import { PostgresQueueConfigStore } from './queue-configs.js';
import { importCatalog } from './catalog-import.js';
import * as searchFeed from './search-feed.js';
import { KeyedQueue } from '../concurrency/keyed-queue.js';
import { ReadBatcher } from '../concurrency/read-batcher.js';
import { BookingWriteBatchers } from './booking-batches.js';
import { IdempotencyBatchers } from './idempotency-batches.js';
import { FreshRead } from '../concurrency/fresh-read.js';
import type { CallBatchStats } from '../concurrency/call-batcher.js';
import { eventFromRow, holdFromRow } from '../schema/rows.js';

export type PostgresStoreKind = 'postgres' | 'pglite';

export interface PostgresStoreOptions {
  /**
   * Group concurrent `takeHold` calls into one `bo_take_holds` call (see hold-batches.ts), the
   * concurrent `getEvent` reads every hold makes first into one query
   * (concurrency/read-batcher.ts), and a confirm's concurrent writes (payment recorded, hold confirmed, payment moved) and the
   * idempotency claims and outcomes of keyed calls into one statement of each kind
   * (booking-batches.ts, idempotency-batches.ts).
   */
  readonly batchHolds?: boolean | HoldBatcherOptions;
}

/**
 * The Store port on PostgreSQL (node-postgres) or PGlite, through kysely. Each method is one
 * statement or one short transaction; the reservation steps are SQL functions (installed by
 * the migrations: see the table in migrations/registry.ts) so each is one round trip. Expiry
 * uses `bo_now()`, the database's clock plus a test offset that `advanceClock` moves.
 */
export class PostgresStore implements Store, ClockControl {
  readonly kind: PostgresStoreKind;
  /** The kysely instance, for tools sharing the connection (search, admin). Not part of the port. */
  readonly db: Kysely<BoxOfficeDatabase>;
  /** Webhook endpoints and deliveries, fanned out from the outbox (webhooks.ts). */
  readonly webhooks: PostgresWebhookStore;
  /** Waiting queues' durable configuration (queue-configs.ts, migration 010). */
  readonly queueConfigs: PostgresQueueConfigStore;
  readonly #onClose: (() => Promise<void>) | undefined;
  #closing: Promise<void> | undefined;
  readonly #claims = new KeyedQueue();
  readonly #batcher: HoldBatcher | undefined;
  readonly #eventReads: ReadBatcher<Selectable<EventsTable>, Event> | undefined;
  /** Every confirm reads its hold first: concurrent buyers' reads go out as one query. */
  readonly #holdReads: ReadBatcher<holds.HoldRow, Hold> | undefined;
  readonly #writes: BookingWriteBatchers | undefined;
  readonly #keys: IdempotencyBatchers | undefined;
  readonly #calls = new CallsInFlight();
  /** Every hold and confirm reads the clock: concurrent readers share a query begun after they asked. */
  readonly #clock = new FreshRead(() => storeNow(this.db));

  constructor(
    db: Kysely<BoxOfficeDatabase>,
    kind: PostgresStoreKind,
    onClose?: () => Promise<void>,
    options: PostgresStoreOptions = {},
  ) {
    this.db = db;
    this.kind = kind;
    this.webhooks = new PostgresWebhookStore(db);
    this.queueConfigs = new PostgresQueueConfigStore(db);
    this.#onClose = onClose;
    const batch = options.batchHolds ?? false;
    this.#batcher = batch === false ? undefined : new HoldBatcher(db, batch === true ? {} : batch);
    this.#eventReads = batch === false ? undefined : new ReadBatcher((ids) => catalog.getEventRows(db, ids), eventFromRow);
    this.#holdReads = batch === false ? undefined : new ReadBatcher((ids) => holds.getHoldRows(db, ids), holdFromRow);
    this.#writes = batch === false ? undefined : new BookingWriteBatchers(db);
    this.#keys = batch === false ? undefined : new IdempotencyBatchers(db);
  }

  /** Whether concurrent holds are grouped into one call (`batchHolds`). */
  get batchesHolds(): boolean {
    return this.#batcher !== undefined;
  }

  /** What the hold batcher did so far; undefined when holds are not batched. Not part of the port. */
  get holdBatchStats(): Readonly<HoldBatchStats> | undefined {
    return this.#batcher ? { ...this.#batcher.stats } : undefined;
  }

  /** What the confirm-write batchers did so far; undefined when not batching. Not part of the port. */
  /** Grouped reads so far (queries sent, reads answered); undefined when not batching. Not part of the port. */
  get readBatchStats(): Record<'events' | 'holds', { queries: number; reads: number }> | undefined {
    const events = this.#eventReads;
    const holdReads = this.#holdReads;
    if (!events || !holdReads) return undefined;
    return { events: { ...events.stats }, holds: { ...holdReads.stats } };
  }

  get writeBatchStats(): Record<'payments' | 'confirms' | 'paymentUpdates' | 'claims' | 'outcomes', CallBatchStats> | undefined {
    const w = this.#writes;
    const k = this.#keys;
    if (!w || !k) return undefined;
    const of = (b: { stats: CallBatchStats }) => ({ ...b.stats });
    return { payments: of(w.payments), confirms: of(w.confirms), paymentUpdates: of(w.paymentUpdates), claims: of(k.claims), outcomes: of(k.outcomes) };
  }

  /**
   * Milliseconds the oldest call still in flight has been running (0 when none is). Bulk admin
   * work (createEvent, importCatalog, audit) is left out: it may rightly take seconds.
   */
  oldestCallAgeMs(): number {
    return this.#calls.oldestAgeMs();
  }

  /** One store call: timed while in flight (see `oldestCallAgeMs`), driver errors translated. */
  #call<T>(work: () => Promise<T>): Promise<T> {
    return this.#calls.track(() => translated(work));
  }

  // --- Store -------------------------------------------------------------------------------

  now(): Promise<number> {
    return this.#call(() => this.#clock.get());
  }

  audit(eventId?: string): Promise<AuditReport> {
    return translated(() => audit(this.db, eventId));
  }

  /** Closes the pool (if this store opened it) or PGlite, then releases the directory lock. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.db.destroy();
      } finally {
        await this.#onClose?.();
      }
    })();
    return this.#closing;
  }

  advanceClock(ms: number): Promise<void> {
    return this.#call(() => advanceClock(this.db, ms));
  }

  // --- CatalogStore ------------------------------------------------------------------------

  createPerformer(performer: Performer): Promise<void> {
    return this.#call(() => catalog.createPerformer(this.db, performer));
  }

  createVenue(venue: Venue): Promise<void> {
    return this.#call(() => catalog.createVenue(this.db, venue));
  }

  createEvent(input: NewEvent): Promise<number> {
    return translated(() => createEvent(this.db, input));
  }

  updateEvent(event: Event): Promise<void> {
    return this.#call(() => catalog.updateEvent(this.db, event));
  }

  getPerformers(ids: readonly string[]): Promise<Performer[]> {
    return this.#call(() => catalog.getPerformers(this.db, ids));
  }

  getVenue(id: string): Promise<Venue | null> {
    return this.#call(() => catalog.getVenue(this.db, id));
  }

  getEvent(id: string): Promise<Event | null> {
    const reads = this.#eventReads;
    return this.#call(() => (reads ? reads.get(id) : catalog.getEvent(this.db, id)));
  }

  listEvents(options: ListEventsOptions): Promise<Event[]> {
    return this.#call(() => catalog.listEvents(this.db, options));
  }

  countEvents(options: Pick<ListEventsOptions, 'endedAfter'>): Promise<number> {
    return this.#call(() => catalog.countEvents(this.db, options));
  }

  listEventsById(options: { after: string | null; limit: number }): Promise<Event[]> {
    return this.#call(() => catalog.listEventsById(this.db, options));
  }

  getTickets(eventId: string): Promise<Ticket[]> {
    return this.#call(() => catalog.getTickets(this.db, eventId));
  }

  getTicketsByIds(ids: readonly string[]): Promise<Ticket[]> {
    return this.#call(() => catalog.getTicketsByIds(this.db, ids));
  }

  getSnapshot(eventId: string): Promise<SnapshotSeat[]> {
    return this.#call(() => catalog.getSnapshot(this.db, eventId));
  }

  getAvailability(eventId: string): Promise<SeatAvailability | null> {
    return this.#call(() => getAvailability(this.db, eventId));
  }

  importCatalog(batch: CatalogBatch): Promise<number> {
    return translated(() => importCatalog(this.db, batch));
  }

  catalogVersion(): Promise<number> {
    return this.#call(() => searchFeed.catalogVersion(this.db));
  }

  summarizeAvailability(eventIds?: readonly string[]): Promise<AvailabilitySummary[]> {
    return this.#call(() => searchFeed.summarizeAvailability(this.db, eventIds));
  }

  // --- ReservationStore --------------------------------------------------------------------

  takeHold(request: TakeHoldRequest): Promise<TakeHoldResult> {
    const batcher = this.#batcher;
    return this.#call(() => (batcher ? batcher.take(request) : holds.takeHold(this.db, request)));
  }

  takeHolds(requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
    const batcher = this.#batcher;
    return this.#call(() => (batcher ? batcher.takeMany(requests) : takeHoldsOrOneByOne(this.db, requests)));
  }

  getHold(id: string): Promise<Hold | null> {
    const reads = this.#holdReads;
    return this.#call(() => (reads ? reads.get(id) : holds.getHold(this.db, id)));
  }

  releaseHold(holdId: string): Promise<FreedHold | null> {
    return this.#call(() => holds.releaseHold(this.db, holdId));
  }

  sweepExpired(limit: number): Promise<FreedHold[]> {
    return this.#call(() => holds.sweepExpired(this.db, limit));
  }

  // --- InventoryStore ----------------------------------------------------------------------

  blockTickets(request: { blockId: string; eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
    return this.#call(() => inventory.blockTickets(this.db, request));
  }

  unblockTickets(request: { eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
    return this.#call(() => inventory.unblockTickets(this.db, request));
  }

  repriceTickets(request: { eventId: string; ticketIds: readonly string[]; price: number; tier?: string }): Promise<InventoryWrite> {
    return this.#call(() => inventory.repriceTickets(this.db, request));
  }

  // --- BookingStore ------------------------------------------------------------------------

  createPayment(payment: Payment): Promise<void> {
    const writes = this.#writes;
    return this.#call(() => (writes ? writes.payments.call(payment) : bookings.createPayment(this.db, payment)));
  }

  updatePayment(
    id: string,
    change: PaymentChange,
  ): Promise<boolean> {
    const writes = this.#writes;
    // A change with an outbox message is a statement of its own (rare: refunds).
    if (!writes || change.outbox || change.from.length === 0) return this.#call(() => bookings.updatePayment(this.db, id, change));
    return this.#call(() => writes.paymentUpdates.call({ id, change }));
  }

  getPayment(id: string): Promise<Payment | null> {
    return this.#call(() => bookings.getPayment(this.db, id));
  }

  listPaymentsToReconcile(statuses: readonly PaymentStatus[], olderThanMs: number, limit: number): Promise<Payment[]> {
    return this.#call(() => bookings.listPaymentsToReconcile(this.db, statuses, olderThanMs, limit));
  }

  confirmHold(request: ConfirmRequest): Promise<ConfirmResult> {
    const writes = this.#writes;
    return this.#call(() => (writes ? writes.confirms.call(request) : bookings.confirmHold(this.db, request)));
  }

  cancelBooking(request: CancelRequest): Promise<CancelResult> {
    return this.#call(() => bookings.cancelBooking(this.db, request));
  }

  getBooking(id: string): Promise<Booking | null> {
    return this.#call(() => bookings.getBooking(this.db, id));
  }

  getBookingByHold(holdId: string): Promise<Booking | null> {
    return this.#call(() => bookings.getBookingByHold(this.db, holdId));
  }

  listBookings(filter: { userId?: string; eventId?: string; limit: number; offset: number }): Promise<Booking[]> {
    return this.#call(() => bookings.listBookings(this.db, filter));
  }

  countBookings(filter: { userId?: string; eventId?: string }): Promise<number> {
    return this.#call(() => bookings.countBookings(this.db, filter));
  }

  // --- IdempotencyStore --------------------------------------------------------------------

  claimIdempotencyKey(scope: string, key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyClaim> {
    const keys = this.#keys;
    return this.#claims.run(`${scope}\u0000${key}`, () =>
      this.#call(() => (keys ? keys.claims.call({ scope, key, fingerprint, lease }) : idempotency.claimIdempotencyKey(this.db, scope, key, fingerprint, lease))),
    );
  }

  renewIdempotencyKey(scope: string, key: string, lease: IdempotencyLease): Promise<boolean> {
    return this.#call(() => idempotency.renewIdempotencyKey(this.db, scope, key, lease));
  }

  completeIdempotencyKey(scope: string, key: string, owner: string, response: unknown): Promise<boolean> {
    const keys = this.#keys;
    return this.#call(() => (keys ? keys.outcomes.call({ scope, key, owner, response }) : idempotency.completeIdempotencyKey(this.db, scope, key, owner, response)));
  }

  releaseIdempotencyKey(scope: string, key: string, owner: string): Promise<void> {
    return this.#call(() => idempotency.releaseIdempotencyKey(this.db, scope, key, owner));
  }

  // --- OutboxStore -------------------------------------------------------------------------

  listOutbox(options: { undispatchedOnly: boolean; limit: number }): Promise<OutboxMessage[]> {
    return this.#call(() => outbox.listOutbox(this.db, options));
  }

  markDispatched(ids: readonly string[]): Promise<void> {
    return this.#call(() => outbox.markDispatched(this.db, ids));
  }
}
