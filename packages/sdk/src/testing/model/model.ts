import { expect } from 'vitest';
import type { TestPaymentGateway } from '../../adapters/payments/test-gateway.js';
import type { BoxOffice } from '../../box-office.js';
import type { ClockControl, Store } from '../../ports/store.js';

/**
 * The simple model the store is checked against after every step of a random interleaving.
 * It knows only what the public interface returned; the store must agree with it exactly.
 */
export interface ModelHold {
  readonly id: string;
  readonly userId: string;
  readonly ticketIds: readonly string[];
  readonly expiresAt: number;
  status: 'ACTIVE' | 'RELEASED' | 'CONFIRMED';
}

export interface ModelBooking {
  readonly id: string;
  readonly userId: string;
  readonly holdId: string;
  readonly paymentId: string;
  readonly ticketIds: readonly string[];
  status: 'CONFIRMED' | 'CANCELLED';
}

export interface Model {
  readonly tickets: readonly string[];
  readonly maxPerUser: number;
  holds: ModelHold[];
  bookings: ModelBooking[];
}

export interface Real {
  readonly bo: BoxOffice;
  readonly store: Store & ClockControl;
  readonly gateway: TestPaymentGateway;
  readonly eventId: string;
  /** Distinguishes this run's users from earlier runs' on a shared store. */
  readonly runId: string;
}

export type Expected = { status: 'AVAILABLE' } | { status: 'RESERVED'; holdId: string } | { status: 'SOLD'; bookingId: string };

/** Which hold or booking owns `ticketId` at store time `now`, according to the model. */
export function expectedState(model: Model, ticketId: string, now: number): Expected {
  const booking = model.bookings.find((b) => b.status === 'CONFIRMED' && b.ticketIds.includes(ticketId));
  if (booking) return { status: 'SOLD', bookingId: booking.id };
  // The latest ACTIVE, unexpired hold over the ticket owns it (a newer hold may have taken it over).
  const hold = [...model.holds].reverse().find((h) => h.status === 'ACTIVE' && h.ticketIds.includes(ticketId));
  if (hold && hold.expiresAt > now && ownsAll(model, hold, ticketId)) return { status: 'RESERVED', holdId: hold.id };
  return { status: 'AVAILABLE' };
}

function ownsAll(model: Model, hold: ModelHold, ticketId: string): boolean {
  // A hold created after this one over the same ticket means this one lost it.
  const later = model.holds.slice(model.holds.indexOf(hold) + 1);
  return !later.some((h) => h.ticketIds.includes(ticketId));
}

/** True when the hold still has every seat and has not expired at `now`. */
export function holdIsLive(model: Model, hold: ModelHold, now: number): boolean {
  return hold.status === 'ACTIVE' && hold.expiresAt > now && hold.ticketIds.every((t) => ownsAll(model, hold, t));
}

export function ownedBy(model: Model, userId: string, now: number): number {
  return model.tickets.filter((t) => {
    const e = expectedState(model, t, now);
    if (e.status === 'SOLD') return model.bookings.find((b) => b.id === e.bookingId)?.userId === userId;
    if (e.status === 'RESERVED') return model.holds.find((h) => h.id === e.holdId)?.userId === userId;
    return false;
  }).length;
}

/** Every invariant, checked after each step. */
export async function checkInvariants(model: Model, real: Real): Promise<void> {
  const tickets = await real.bo.getTickets(real.eventId);
  const now = await real.store.now();
  for (const id of model.tickets) {
    const t = tickets.find((x) => x.id === id);
    const want = expectedState(model, id, now);
    expect(t?.status, `ticket ${id}`).toBe(want.status);
    if (want.status === 'RESERVED') expect(t?.holdId, `ticket ${id} hold`).toBe(want.holdId);
    if (want.status === 'SOLD') expect(t?.bookingId, `ticket ${id} booking`).toBe(want.bookingId);
  }
  const audit = await real.bo.audit(real.eventId);
  expect(audit, 'audit').toMatchObject({ ok: true });

  // Money: a capture for every confirmed booking, none for anything else; nothing left authorized.
  const ledger = real.gateway.ledger();
  const confirmedPayments = new Set(model.bookings.filter((b) => b.status === 'CONFIRMED').map((b) => b.paymentId));
  const captured = ledger.filter((e) => e.status === 'captured').map((e) => e.paymentId);
  expect(new Set(captured), 'captured payments').toEqual(confirmedPayments);
  expect(ledger.filter((e) => e.status === 'authorized'), 'dangling authorizations').toEqual([]);
  const cancelledPayments = new Set(model.bookings.filter((b) => b.status === 'CANCELLED').map((b) => b.paymentId));
  expect(new Set(ledger.filter((e) => e.status === 'refunded').map((e) => e.paymentId)), 'refunds').toEqual(cancelledPayments);
}
