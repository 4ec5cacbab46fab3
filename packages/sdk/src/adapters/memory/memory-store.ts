import { auditRecords } from '../../domain/audit.js';
import { MemoryWebhookStore } from './memory-webhooks.js';
import { MemoryQueueConfigStore } from './memory-queue-configs.js';
import type { SnapshotSeat } from '../../domain/best-available.js';
import type { AuditReport, Booking, Event, Hold, OutboxMessage, Payment, PaymentStatus, Performer, Ticket, Venue } from '../../domain/types.js';
import { systemClock, type Clock } from '../../ports/clock.js';
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
} from '../../ports/store.js';
import { MemoryBookings } from './memory-bookings.js';
import { MemoryCatalog } from './memory-catalog.js';
import { MemoryHolds } from './memory-holds.js';
import { MemoryInventory } from './memory-inventory.js';
import { MemoryState, type IdempotencyRow } from './memory-state.js';

export interface MemoryStoreOptions {
  /** The store's clock (defaults to the system clock); tests may also advance it. */
  clock?: Clock;
}

/**
 * The memory store: a real adapter, held to the same conformance suite as PostgreSQL. Every
 * method does its whole check-and-set synchronously before its first await, so each is atomic
 * on Node's single thread. Data lives as long as the process.
 */
export class MemoryStore implements Store, ClockControl {
  readonly kind = 'memory';
  /** Webhook endpoints and deliveries (memory-webhooks.ts), fanned out from this store's outbox. */
  readonly webhooks: MemoryWebhookStore = new MemoryWebhookStore(this);
  /** Waiting queues' durable configuration (memory-queue-configs.ts). */
  readonly queueConfigs: MemoryQueueConfigStore = new MemoryQueueConfigStore(() => this.nowMs());
  private readonly state = new MemoryState();
  private readonly clock: Clock;
  private offsetMs = 0;
  private readonly catalog = new MemoryCatalog(this.state, () => this.nowMs());
  private readonly holds = new MemoryHolds(this.state, () => this.nowMs());
  private readonly bookings = new MemoryBookings(this.state, () => this.nowMs());
  private readonly inventory = new MemoryInventory(this.state, () => this.nowMs());

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  private nowMs(): number {
    return this.clock.now() + this.offsetMs;
  }

  async now(): Promise<number> {
    return this.nowMs();
  }

  async advanceClock(ms: number): Promise<void> {
    this.offsetMs += ms;
  }

  async close(): Promise<void> {
    // Nothing to release: the data lives and dies with the process.
  }

  // ---- catalog (memory-catalog.ts) ---------------------------------------------------------

  async createPerformer(performer: Performer): Promise<void> {
    this.catalog.createPerformer(performer);
  }

  async createVenue(venue: Venue): Promise<void> {
    this.catalog.createVenue(venue);
  }

  async createEvent(input: NewEvent): Promise<number> {
    return this.catalog.createEvent(input);
  }

  async updateEvent(event: Event): Promise<void> {
    this.catalog.updateEvent(event);
  }

  async importCatalog(batch: CatalogBatch): Promise<number> {
    for (const p of batch.performers ?? []) this.catalog.createPerformer(p);
    for (const v of batch.venues ?? []) this.catalog.createVenue(v);
    let tickets = 0;
    for (const e of batch.events ?? []) tickets += this.catalog.createEvent(e);
    return tickets;
  }

  async catalogVersion(): Promise<number> {
    return this.catalog.version;
  }

  async summarizeAvailability(eventIds?: readonly string[]): Promise<AvailabilitySummary[]> {
    return this.catalog.summarizeAvailability(eventIds);
  }

  async getPerformers(ids: readonly string[]): Promise<Performer[]> {
    return this.catalog.getPerformers(ids);
  }

  async getVenue(id: string): Promise<Venue | null> {
    return this.state.venues.get(id) ?? null;
  }

  async getEvent(id: string): Promise<Event | null> {
    return this.state.events.get(id) ?? null;
  }

  async listEvents(options: ListEventsOptions): Promise<Event[]> {
    return this.catalog.listEvents(options);
  }

  async countEvents(options: Pick<ListEventsOptions, 'endedAfter'>): Promise<number> {
    return this.catalog.countEvents(options);
  }

  async getTickets(eventId: string): Promise<Ticket[]> {
    return this.catalog.getTickets(eventId);
  }

  async getTicketsByIds(ids: readonly string[]): Promise<Ticket[]> {
    return this.catalog.getTicketsByIds(ids);
  }

  async getSnapshot(eventId: string): Promise<SnapshotSeat[]> {
    return this.catalog.getSnapshot(eventId);
  }

  async getAvailability(eventId: string): Promise<SeatAvailability | null> {
    return this.catalog.getAvailability(eventId);
  }

  // ---- holds (memory-holds.ts) -----------------------------------------------------------

  async takeHold(req: TakeHoldRequest): Promise<TakeHoldResult> {
    return this.holds.takeHold(req);
  }

  async takeHolds(requests: readonly TakeHoldRequest[]): Promise<TakeHoldResult[]> {
    return requests.map((req) => this.holds.takeHold(req));
  }

  async getHold(id: string): Promise<Hold | null> {
    return this.holds.getHold(id);
  }

  async releaseHold(holdId: string): Promise<FreedHold | null> {
    return this.holds.releaseHold(holdId);
  }

  async sweepExpired(limit: number): Promise<FreedHold[]> {
    return this.holds.sweepExpired(limit);
  }

  // ---- inventory (memory-inventory.ts) ---------------------------------------------------

  async blockTickets(request: { blockId: string; eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
    return this.inventory.block(request);
  }

  async unblockTickets(request: { eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
    return this.inventory.unblock(request);
  }

  async repriceTickets(request: { eventId: string; ticketIds: readonly string[]; price: number; tier?: string }): Promise<InventoryWrite> {
    const result = this.inventory.reprice(request);
    const event = this.state.events.get(request.eventId);
    if (result.missing.length === 0 && request.tier !== undefined && event && event.prices[request.tier] !== request.price) {
      // A catalog write, so that the catalog version (search) moves with it.
      this.catalog.updateEvent({ ...event, prices: { ...event.prices, [request.tier]: request.price }, updatedAt: new Date(this.nowMs()).toISOString() });
    }
    return result;
  }

  // ---- bookings and payments (memory-bookings.ts) ----------------------------------------

  async createPayment(payment: Payment): Promise<void> {
    this.bookings.createPayment(payment);
  }

  async updatePayment(
    id: string,
    change: PaymentChange,
  ): Promise<boolean> {
    return this.bookings.updatePayment(id, change);
  }

  async getPayment(id: string): Promise<Payment | null> {
    return this.bookings.getPayment(id);
  }

  async listPaymentsToReconcile(statuses: readonly PaymentStatus[], olderThanMs: number, limit: number): Promise<Payment[]> {
    return this.bookings.listPaymentsToReconcile(statuses, olderThanMs, limit);
  }

  async confirmHold(req: ConfirmRequest): Promise<ConfirmResult> {
    return this.bookings.confirmHold(req);
  }

  async cancelBooking(req: CancelRequest): Promise<CancelResult> {
    return this.bookings.cancelBooking(req);
  }

  async getBooking(id: string): Promise<Booking | null> {
    return this.bookings.getBooking(id);
  }

  async getBookingByHold(holdId: string): Promise<Booking | null> {
    return this.bookings.getBookingByHold(holdId);
  }

  async listBookings(filter: { userId?: string; eventId?: string; limit: number; offset: number }): Promise<Booking[]> {
    return this.bookings.listBookings(filter);
  }

  async countBookings(filter: { userId?: string; eventId?: string }): Promise<number> {
    return this.bookings.countBookings(filter);
  }

  // ---- idempotency and outbox ----------------------------------------------------------

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyClaim> {
    const id = `${scope}\u0000${key}`;
    const now = this.nowMs();
    const row = this.state.idempotency.get(id);
    if (!row) {
      this.state.idempotency.set(id, { fingerprint, state: 'in-progress', response: null, updatedAt: now, owner: lease.owner, leaseUntil: now + lease.leaseMs });
      return { state: 'new' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.state === 'done') return { state: 'done', response: row.response };
    if (row.leaseUntil <= now) {
      Object.assign(row, { owner: lease.owner, leaseUntil: now + lease.leaseMs, updatedAt: now });
      return { state: 'new' };
    }
    return { state: 'in-progress' };
  }

  async renewIdempotencyKey(scope: string, key: string, lease: IdempotencyLease): Promise<boolean> {
    const row = this.ownedClaim(scope, key, lease.owner);
    if (!row) return false;
    row.leaseUntil = this.nowMs() + lease.leaseMs;
    return true;
  }

  async completeIdempotencyKey(scope: string, key: string, owner: string, response: unknown): Promise<boolean> {
    const row = this.ownedClaim(scope, key, owner);
    if (!row) return false;
    Object.assign(row, { state: 'done', response, updatedAt: this.nowMs(), owner: null });
    return true;
  }

  async releaseIdempotencyKey(scope: string, key: string, owner: string): Promise<void> {
    if (this.ownedClaim(scope, key, owner)) this.state.idempotency.delete(`${scope}\u0000${key}`);
  }

  /** `owner`'s unfinished claim, or undefined when it lost it (taken over, finished, released). */
  private ownedClaim(scope: string, key: string, owner: string): IdempotencyRow | undefined {
    const row = this.state.idempotency.get(`${scope}\u0000${key}`);
    return row && row.state === 'in-progress' && row.owner === owner ? row : undefined;
  }

  async listOutbox({ undispatchedOnly, limit }: { undispatchedOnly: boolean; limit: number }): Promise<OutboxMessage[]> {
    return this.state.outbox
      .filter((m) => !undispatchedOnly || m.dispatchedAt === null)
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }

  async markDispatched(ids: readonly string[]): Promise<void> {
    const at = new Date(this.nowMs()).toISOString();
    const set = new Set(ids);
    for (const m of this.state.outbox) if (set.has(m.id) && m.dispatchedAt === null) m.dispatchedAt = at;
  }

  async audit(eventId?: string): Promise<AuditReport> {
    const tickets = eventId === undefined ? [...this.state.tickets.values()] : (this.state.ticketsByEvent.get(eventId) ?? []);
    const bookings = [...this.state.bookings.values()].filter((b) => eventId === undefined || b.eventId === eventId);
    const holdEvent = (holdId: string) => this.state.holds.get(holdId)?.eventId;
    const payments = [...this.state.payments.values()].filter((p) => eventId === undefined || holdEvent(p.holdId) === eventId);
    return auditRecords(tickets, bookings, payments);
  }
}

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}
