import { auditRecords } from '../../domain/audit.js';
import { MemoryWebhookStore } from './memory-webhooks.js';
import type { SnapshotSeat } from '../../domain/best-available.js';
import { BoxOfficeError, notFound } from '../../domain/errors.js';
import { effectiveHoldStatus, effectiveStatus } from '../../domain/tickets.js';
import type { AuditReport, Booking, Event, Hold, OutboxMessage, Payment, PaymentStatus, Performer, Ticket, TicketChange, Venue } from '../../domain/types.js';
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
  NewEvent,
  Store,
  TakeHoldRequest,
  TakeHoldResult,
} from '../../ports/store.js';
import { holderKey, MemoryState, publicTicket, type TicketRow } from './memory-state.js';

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
  private readonly state = new MemoryState();
  private readonly clock: Clock;
  private offsetMs = 0;
  /** Grows on every catalog write (see `catalogVersion`). */
  private catalogWrites = 0;

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

  // ---- catalog -------------------------------------------------------------------------

  async createPerformer(performer: Performer): Promise<void> {
    this.state.performers.set(performer.id, performer);
    this.catalogWrites++;
  }

  async createVenue(venue: Venue): Promise<void> {
    this.state.venues.set(venue.id, venue);
    this.catalogWrites++;
  }

  async createEvent({ event, places, ticketIdPrefix }: NewEvent): Promise<number> {
    const rows: TicketRow[] = [];
    let index = 0;
    for (const place of places) {
      const price = event.prices[place.tier];
      if (price === undefined) throw new Error(`no price for tier ${place.tier}`);
      rows.push({
        id: `${ticketIdPrefix}${index++}`,
        eventId: event.id,
        section: place.section,
        row: place.row,
        seat: place.seat,
        x: place.x,
        y: place.y,
        tier: place.tier,
        price,
        currency: event.currency,
        status: 'AVAILABLE',
        holdId: null,
        reservedUntil: null,
        bookingId: null,
        version: 0,
        holderId: null,
      });
    }
    this.state.events.set(event.id, event);
    this.state.ticketsByEvent.set(event.id, rows);
    for (const row of rows) this.state.tickets.set(row.id, row);
    this.catalogWrites++;
    return rows.length;
  }

  async updateEvent(event: Event): Promise<void> {
    if (!this.state.events.has(event.id)) throw notFound('event', event.id, 'eventId');
    this.state.events.set(event.id, event);
    this.catalogWrites++;
  }

  async importCatalog(batch: CatalogBatch): Promise<number> {
    for (const p of batch.performers ?? []) await this.createPerformer(p);
    for (const v of batch.venues ?? []) await this.createVenue(v);
    let tickets = 0;
    for (const e of batch.events ?? []) tickets += await this.createEvent(e);
    return tickets;
  }

  async catalogVersion(): Promise<number> {
    return this.catalogWrites;
  }

  async summarizeAvailability(eventIds?: readonly string[]): Promise<AvailabilitySummary[]> {
    const now = this.nowMs();
    const ids = eventIds ?? [...this.state.ticketsByEvent.keys()];
    return ids.flatMap((eventId) => {
      const rows = this.state.ticketsByEvent.get(eventId);
      if (!rows) return [];
      let available = 0;
      let minPrice: number | null = null;
      for (const t of rows) {
        if (effectiveStatus(t, now) !== 'AVAILABLE') continue;
        available++;
        if (minPrice === null || t.price < minPrice) minPrice = t.price;
      }
      return [{ eventId, available, minPrice }];
    });
  }

  async getPerformers(ids: readonly string[]): Promise<Performer[]> {
    return ids.flatMap((id) => this.state.performers.get(id) ?? []);
  }

  async getVenue(id: string): Promise<Venue | null> {
    return this.state.venues.get(id) ?? null;
  }

  async getEvent(id: string): Promise<Event | null> {
    return this.state.events.get(id) ?? null;
  }

  async listEvents({ limit, offset }: { limit: number; offset: number }): Promise<Event[]> {
    return [...this.state.events.values()].slice(offset, offset + limit);
  }

  async getTickets(eventId: string): Promise<Ticket[]> {
    return (this.state.ticketsByEvent.get(eventId) ?? []).map(publicTicket);
  }

  async getTicketsByIds(ids: readonly string[]): Promise<Ticket[]> {
    return ids.flatMap((id) => {
      const row = this.state.tickets.get(id);
      return row ? [publicTicket(row)] : [];
    });
  }

  async getSnapshot(eventId: string): Promise<SnapshotSeat[]> {
    const now = this.nowMs();
    return (this.state.ticketsByEvent.get(eventId) ?? []).map((t) => ({
      id: t.id,
      section: t.section,
      row: t.row,
      seat: t.seat,
      price: t.price,
      available: effectiveStatus(t, now) === 'AVAILABLE',
    }));
  }

  // ---- holds ---------------------------------------------------------------------------

  async takeHold(req: TakeHoldRequest): Promise<TakeHoldResult> {
    const now = this.nowMs();
    const rows: TicketRow[] = [];
    const missing: string[] = [];
    for (const id of req.ticketIds) {
      const row = this.state.tickets.get(id);
      if (!row || row.eventId !== req.eventId) missing.push(id);
      else rows.push(row);
    }
    if (missing.length > 0) return { ok: false, reason: 'NOT_FOUND', missing };
    if (req.maxTicketsPerUser !== null) {
      const owned = this.countOwned(req.eventId, req.userId, now);
      if (owned + rows.length > req.maxTicketsPerUser) return { ok: false, reason: 'LIMIT_EXCEEDED', owned };
    }
    const unavailable = rows.filter((t) => effectiveStatus(t, now) !== 'AVAILABLE').map((t) => t.id);
    if (unavailable.length > 0) return { ok: false, reason: 'SEAT_UNAVAILABLE', unavailable };

    const expiresAt = new Date(now + req.ttlSeconds * 1000).toISOString();
    const owned = this.holderSet(req.eventId, req.userId);
    for (const t of rows) {
      t.status = 'RESERVED';
      t.holdId = req.holdId;
      t.holderId = req.userId;
      t.reservedUntil = expiresAt;
      t.version++;
      owned.add(t.id);
    }
    const first = rows[0]!;
    const hold: Hold = {
      id: req.holdId,
      eventId: req.eventId,
      userId: req.userId,
      ticketIds: rows.map((t) => t.id),
      total: rows.reduce((sum, t) => sum + t.price, 0),
      currency: first.currency,
      status: 'ACTIVE',
      expiresAt,
      createdAt: new Date(now).toISOString(),
    };
    this.state.holds.set(hold.id, { ...hold });
    this.state.activeHolds.add(hold.id);
    return { ok: true, hold };
  }

  private holderSet(eventId: string, userId: string): Set<string> {
    const key = holderKey(eventId, userId);
    let set = this.state.ticketsByHolder.get(key);
    if (!set) this.state.ticketsByHolder.set(key, (set = new Set()));
    return set;
  }

  private countOwned(eventId: string, userId: string, now: number): number {
    const set = this.state.ticketsByHolder.get(holderKey(eventId, userId));
    if (!set) return 0;
    let n = 0;
    for (const id of set) {
      const t = this.state.tickets.get(id)!;
      if (t.holderId !== userId) set.delete(id);
      else if (t.status === 'SOLD' || effectiveStatus(t, now) === 'RESERVED') n++;
    }
    return n;
  }

  async getHold(id: string): Promise<Hold | null> {
    const hold = this.state.holds.get(id);
    return hold ? { ...hold, status: effectiveHoldStatus(hold, this.nowMs()) } : null;
  }

  async releaseHold(holdId: string): Promise<FreedHold | null> {
    const hold = this.state.holds.get(holdId);
    if (!hold || hold.status !== 'ACTIVE') return null;
    // An expired hold is reported as such, not as released.
    hold.status = Date.parse(hold.expiresAt) <= this.nowMs() ? 'EXPIRED' : 'RELEASED';
    this.state.activeHolds.delete(holdId);
    return { holdId, eventId: hold.eventId, changes: this.freeHoldTickets(hold.id, hold.ticketIds) };
  }

  /** Returns to sale the tickets still reserved by `holdId` (some may have been retaken). */
  private freeHoldTickets(holdId: string, ticketIds: readonly string[]): TicketChange[] {
    const changes: TicketChange[] = [];
    for (const id of ticketIds) {
      const t = this.state.tickets.get(id);
      if (!t || t.holdId !== holdId || t.status !== 'RESERVED') continue;
      t.status = 'AVAILABLE';
      t.holdId = null;
      t.holderId = null;
      t.reservedUntil = null;
      t.version++;
      changes.push({ ticketId: id, status: 'AVAILABLE' });
    }
    return changes;
  }

  async sweepExpired(limit: number): Promise<FreedHold[]> {
    const now = this.nowMs();
    const freed: FreedHold[] = [];
    for (const holdId of this.state.activeHolds) {
      if (freed.length >= limit) break;
      const hold = this.state.holds.get(holdId)!;
      if (Date.parse(hold.expiresAt) > now) continue;
      hold.status = 'EXPIRED';
      this.state.activeHolds.delete(holdId);
      freed.push({ holdId, eventId: hold.eventId, changes: this.freeHoldTickets(holdId, hold.ticketIds) });
    }
    return freed;
  }

  // ---- bookings and payments -----------------------------------------------------------

  async createPayment(payment: Payment): Promise<void> {
    this.state.payments.set(payment.id, { ...payment });
  }

  async updatePayment(
    id: string,
    change: { from: readonly PaymentStatus[]; status: PaymentStatus; gatewayReference?: string; failureReason?: string },
  ): Promise<boolean> {
    const p = this.state.payments.get(id);
    if (!p || !change.from.includes(p.status)) return false;
    p.status = change.status;
    if (change.gatewayReference !== undefined) p.gatewayReference = change.gatewayReference;
    if (change.failureReason !== undefined) p.failureReason = change.failureReason;
    p.updatedAt = new Date(this.nowMs()).toISOString();
    return true;
  }

  async getPayment(id: string): Promise<Payment | null> {
    const p = this.state.payments.get(id);
    return p ? { ...p } : null;
  }

  async listPaymentsToReconcile(statuses: readonly PaymentStatus[], olderThanMs: number, limit: number): Promise<Payment[]> {
    const out: Payment[] = [];
    for (const p of this.state.payments.values()) {
      if (out.length >= limit) break;
      if (statuses.includes(p.status) && Date.parse(p.updatedAt) < olderThanMs) out.push({ ...p });
    }
    return out;
  }

  async confirmHold(req: ConfirmRequest): Promise<ConfirmResult> {
    const now = this.nowMs();
    const hold = this.state.holds.get(req.holdId);
    if (!hold) return { ok: false, reason: 'HOLD_NOT_FOUND' };
    if (hold.userId !== req.userId) return { ok: false, reason: 'FORBIDDEN' };
    if (hold.status === 'EXPIRED') return { ok: false, reason: 'HOLD_EXPIRED' };
    if (hold.status !== 'ACTIVE') return { ok: false, reason: 'HOLD_NOT_ACTIVE' };
    const tickets = hold.ticketIds.map((id) => this.state.tickets.get(id));
    const intact = tickets.every((t) => t && t.holdId === hold.id && effectiveStatus(t, now) === 'RESERVED');
    if (!intact || Date.parse(hold.expiresAt) <= now) return { ok: false, reason: 'HOLD_EXPIRED' };
    const payment = this.state.payments.get(req.paymentId);
    if (!payment || payment.status !== 'AUTHORIZING') {
      throw new BoxOfficeError('CONFLICT', `payment ${req.paymentId} is not awaiting confirmation`, { details: { status: payment?.status ?? null } });
    }

    const at = new Date(now).toISOString();
    const booking: Booking = {
      id: req.bookingId,
      eventId: hold.eventId,
      userId: hold.userId,
      holdId: hold.id,
      ticketIds: [...hold.ticketIds],
      total: hold.total,
      currency: hold.currency,
      status: 'CONFIRMED',
      paymentId: req.paymentId,
      createdAt: at,
      updatedAt: at,
    };
    for (const t of tickets) {
      t!.status = 'SOLD';
      t!.bookingId = booking.id;
      t!.reservedUntil = null;
      t!.version++;
    }
    hold.status = 'CONFIRMED';
    this.state.activeHolds.delete(hold.id);
    this.state.bookings.set(booking.id, { ...booking });
    this.state.bookingByHold.set(hold.id, booking.id);
    Object.assign(payment, { status: 'AUTHORIZED', bookingId: booking.id, gatewayReference: req.gatewayReference, updatedAt: at });
    this.state.outbox.push({ ...req.outbox, aggregateId: booking.id, createdAt: at, dispatchedAt: null });
    return { ok: true, booking };
  }

  async cancelBooking(req: CancelRequest): Promise<CancelResult> {
    const booking = this.state.bookings.get(req.bookingId);
    if (!booking) return { ok: false, reason: 'NOT_FOUND' };
    if (booking.status !== 'CONFIRMED') return { ok: false, reason: 'CONFLICT' };
    const at = new Date(this.nowMs()).toISOString();
    const changes: TicketChange[] = [];
    for (const id of booking.ticketIds) {
      const t = this.state.tickets.get(id);
      if (!t || t.bookingId !== booking.id || t.status !== 'SOLD') continue;
      Object.assign(t, { status: 'AVAILABLE', bookingId: null, holdId: null, holderId: null, reservedUntil: null, version: t.version + 1 });
      changes.push({ ticketId: id, status: 'AVAILABLE' });
    }
    booking.status = 'CANCELLED';
    booking.updatedAt = at;
    this.state.outbox.push({ ...req.outbox, aggregateId: booking.id, createdAt: at, dispatchedAt: null });
    return { ok: true, booking: { ...booking }, changes };
  }

  async getBooking(id: string): Promise<Booking | null> {
    const b = this.state.bookings.get(id);
    return b ? { ...b } : null;
  }

  async getBookingByHold(holdId: string): Promise<Booking | null> {
    const id = this.state.bookingByHold.get(holdId);
    return id === undefined ? null : this.getBooking(id);
  }

  async listBookings(filter: { userId?: string; eventId?: string; limit: number; offset: number }): Promise<Booking[]> {
    return [...this.state.bookings.values()]
      .filter((b) => (filter.userId === undefined || b.userId === filter.userId) && (filter.eventId === undefined || b.eventId === filter.eventId))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .slice(filter.offset, filter.offset + filter.limit)
      .map((b) => ({ ...b }));
  }

  // ---- idempotency and outbox ----------------------------------------------------------

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string, staleAfterMs: number): Promise<IdempotencyClaim> {
    const id = `${scope}\u0000${key}`;
    const now = this.nowMs();
    const row = this.state.idempotency.get(id);
    if (!row) {
      this.state.idempotency.set(id, { fingerprint, state: 'in-progress', response: null, updatedAt: now });
      return { state: 'new' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.state === 'done') return { state: 'done', response: row.response };
    if (now - row.updatedAt >= staleAfterMs) {
      row.updatedAt = now;
      return { state: 'new' };
    }
    return { state: 'in-progress' };
  }

  async completeIdempotencyKey(scope: string, key: string, response: unknown): Promise<void> {
    const row = this.state.idempotency.get(`${scope}\u0000${key}`);
    if (row) Object.assign(row, { state: 'done', response, updatedAt: this.nowMs() });
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    this.state.idempotency.delete(`${scope}\u0000${key}`);
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
