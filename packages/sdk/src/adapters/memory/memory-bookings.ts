import { BoxOfficeError } from '../../domain/errors.js';
import { refundOpenAt, salesBlockAt } from '../../domain/sales-window.js';
import { effectiveStatus } from '../../domain/tickets.js';
import type { Booking, Payment, PaymentStatus, TicketChange } from '../../domain/types.js';
import type { CancelRequest, CancelResult, ConfirmRequest, ConfirmResult, PaymentChange } from '../../ports/store.js';
import { syncAvailability, type MemoryState } from './memory-state.js';

/** The memory store's payments and bookings: confirm a hold into a booking, cancel it. */
export class MemoryBookings {
  constructor(
    private readonly state: MemoryState,
    private readonly now: () => number,
  ) {}

  createPayment(payment: Payment): void {
    this.state.payments.set(payment.id, { ...payment });
  }

  updatePayment(
    id: string,
    change: PaymentChange,
  ): boolean {
    const p = this.state.payments.get(id);
    if (!p || !change.from.includes(p.status)) return false;
    p.status = change.status;
    if (change.gatewayReference !== undefined) p.gatewayReference = change.gatewayReference;
    if (change.failureReason !== undefined) p.failureReason = change.failureReason;
    p.updatedAt = new Date(this.now()).toISOString();
    if (change.outbox) this.state.outbox.push({ ...change.outbox, aggregateId: id, createdAt: p.updatedAt, dispatchedAt: null });
    return true;
  }

  getPayment(id: string): Payment | null {
    const p = this.state.payments.get(id);
    return p ? { ...p } : null;
  }

  listPaymentsToReconcile(statuses: readonly PaymentStatus[], olderThanMs: number, limit: number): Payment[] {
    const out: Payment[] = [];
    for (const p of this.state.payments.values()) {
      if (out.length >= limit) break;
      if (statuses.includes(p.status) && Date.parse(p.updatedAt) < olderThanMs) out.push({ ...p });
    }
    return out;
  }

  confirmHold(req: ConfirmRequest): ConfirmResult {
    const now = this.now();
    const hold = this.state.holds.get(req.holdId);
    if (!hold) return { ok: false, reason: 'HOLD_NOT_FOUND' };
    if (hold.userId !== req.userId) return { ok: false, reason: 'FORBIDDEN' };
    if (hold.status === 'EXPIRED') return { ok: false, reason: 'HOLD_EXPIRED' };
    if (hold.status !== 'ACTIVE') return { ok: false, reason: 'HOLD_NOT_ACTIVE' };
    const tickets = hold.ticketIds.map((id) => this.state.tickets.get(id));
    const intact = tickets.every((t) => t && t.holdId === hold.id && effectiveStatus(t, now) === 'RESERVED');
    if (!intact || Date.parse(hold.expiresAt) <= now) return { ok: false, reason: 'HOLD_EXPIRED' };
    // Same step as the sale (synchronous), so an operator's cancel cannot land in between.
    const event = this.state.events.get(hold.eventId);
    const block = event ? salesBlockAt(event, now) : null;
    if (block) return { ok: false, reason: 'EVENT_NOT_ON_SALE', block };
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
      syncAvailability(this.state, t!);
    }
    hold.status = 'CONFIRMED';
    this.state.activeHolds.delete(hold.id);
    this.state.bookings.set(booking.id, { ...booking });
    this.state.bookingByHold.set(hold.id, booking.id);
    Object.assign(payment, { status: 'AUTHORIZED', bookingId: booking.id, gatewayReference: req.gatewayReference, updatedAt: at });
    this.state.outbox.push({ ...req.outbox, aggregateId: booking.id, createdAt: at, dispatchedAt: null });
    return { ok: true, booking };
  }

  cancelBooking(req: CancelRequest): CancelResult {
    const booking = this.state.bookings.get(req.bookingId);
    if (!booking) return { ok: false, reason: 'NOT_FOUND' };
    if (booking.status !== 'CONFIRMED') return { ok: false, reason: 'CONFLICT' };
    // Synchronous from here on: the deadline is judged at the very moment of the cancel.
    const event = this.state.events.get(booking.eventId);
    if (req.beforeRefundDeadline && event && !refundOpenAt(event, this.now())) {
      return { ok: false, reason: 'REFUND_DEADLINE_PASSED', eventId: event.id, refundDeadlineAt: event.refundDeadlineAt };
    }
    const at = new Date(this.now()).toISOString();
    const changes: TicketChange[] = [];
    for (const id of booking.ticketIds) {
      const t = this.state.tickets.get(id);
      if (!t || t.bookingId !== booking.id || t.status !== 'SOLD') continue;
      Object.assign(t, { status: 'AVAILABLE', bookingId: null, holdId: null, holderId: null, reservedUntil: null, version: t.version + 1 });
      syncAvailability(this.state, t);
      changes.push({ ticketId: id, status: 'AVAILABLE' });
    }
    booking.status = 'CANCELLED';
    booking.updatedAt = at;
    // The refund is owed from this moment: a crash before the gateway call leaves it REFUNDING for the reconciler.
    const payment = this.state.payments.get(booking.paymentId);
    if (payment && (payment.status === 'AUTHORIZED' || payment.status === 'CAPTURED')) {
      payment.status = 'REFUNDING';
      payment.updatedAt = at;
    }
    this.state.outbox.push({ ...req.outbox, aggregateId: booking.id, createdAt: at, dispatchedAt: null });
    return { ok: true, booking: { ...booking }, changes };
  }

  getBooking(id: string): Booking | null {
    const b = this.state.bookings.get(id);
    return b ? { ...b } : null;
  }

  getBookingByHold(holdId: string): Booking | null {
    const id = this.state.bookingByHold.get(holdId);
    return id === undefined ? null : this.getBooking(id);
  }

  listBookings(filter: { userId?: string; eventId?: string; limit: number; offset: number }): Booking[] {
    return this.matching(filter)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .slice(filter.offset, filter.offset + filter.limit)
      .map((b) => ({ ...b }));
  }

  countBookings(filter: { userId?: string; eventId?: string }): number {
    return this.matching(filter).length;
  }

  private matching(filter: { userId?: string; eventId?: string }): Booking[] {
    return [...this.state.bookings.values()].filter(
      (b) => (filter.userId === undefined || b.userId === filter.userId) && (filter.eventId === undefined || b.eventId === filter.eventId),
    );
  }
}
