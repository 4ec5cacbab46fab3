import type { AuditReport, Booking, Payment, Ticket } from './types.js';

/**
 * The promise, checked over a final state: no ticket sold twice, every SOLD ticket in exactly
 * one confirmed booking, every confirmed booking's tickets SOLD to it, every captured payment
 * matched by exactly one confirmed booking. Stores feed it their rows (or answer it in SQL).
 */
export function auditRecords(
  tickets: readonly Pick<Ticket, 'id' | 'status' | 'bookingId'>[],
  bookings: readonly Pick<Booking, 'id' | 'status' | 'ticketIds' | 'paymentId'>[],
  payments: readonly Pick<Payment, 'id' | 'status' | 'bookingId'>[],
): AuditReport {
  const claims = new Map<string, number>();
  const confirmed = bookings.filter((b) => b.status === 'CONFIRMED');
  for (const b of confirmed) for (const t of b.ticketIds) claims.set(t, (claims.get(t) ?? 0) + 1);

  const byId = new Map(tickets.map((t) => [t.id, t]));
  const oversoldTickets = [...claims].filter(([, n]) => n > 1).map(([id]) => id);
  const soldWithoutBooking = tickets.filter((t) => t.status === 'SOLD' && !claims.has(t.id)).map((t) => t.id);
  const bookingsMissingTickets = confirmed
    .filter((b) => b.ticketIds.some((id) => byId.get(id)?.status !== 'SOLD' || byId.get(id)?.bookingId !== b.id))
    .map((b) => b.id);

  const paymentsById = new Map(payments.map((p) => [p.id, p]));
  const bookingsPerPayment = new Map<string, number>();
  for (const b of confirmed) bookingsPerPayment.set(b.paymentId, (bookingsPerPayment.get(b.paymentId) ?? 0) + 1);
  const capturesWithoutBooking = payments
    .filter((p) => p.status === 'CAPTURED' && bookingsPerPayment.get(p.id) !== 1)
    .map((p) => p.id);
  const bookingsWithoutPayment = confirmed
    .filter((b) => {
      const p = paymentsById.get(b.paymentId);
      return !p || (p.status !== 'AUTHORIZED' && p.status !== 'CAPTURED') || p.bookingId !== b.id;
    })
    .map((b) => b.id);

  return {
    ticketsChecked: tickets.length,
    bookingsChecked: bookings.length,
    paymentsChecked: payments.length,
    oversoldTickets,
    soldWithoutBooking,
    bookingsMissingTickets,
    capturesWithoutBooking,
    bookingsWithoutPayment,
    ok:
      oversoldTickets.length === 0 &&
      soldWithoutBooking.length === 0 &&
      bookingsMissingTickets.length === 0 &&
      capturesWithoutBooking.length === 0 &&
      bookingsWithoutPayment.length === 0,
  };
}
