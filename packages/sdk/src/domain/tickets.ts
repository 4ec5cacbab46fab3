import type { EventView, Hold, HoldStatus, Ticket, TicketStatus } from './types.js';

/**
 * A RESERVED ticket whose hold has run out is for sale again at once, before any sweep:
 * its *effective* status is AVAILABLE. Stores write RESERVED; readers see this.
 */
export function effectiveStatus(
  ticket: Pick<Ticket, 'status' | 'reservedUntil'>,
  nowMs: number,
): TicketStatus {
  if (ticket.status === 'RESERVED' && ticket.reservedUntil !== null && Date.parse(ticket.reservedUntil) <= nowMs) {
    return 'AVAILABLE';
  }
  return ticket.status;
}

/** An ACTIVE hold past its expiry reads as EXPIRED. */
export function effectiveHoldStatus(hold: Pick<Hold, 'status' | 'expiresAt'>, nowMs: number): HoldStatus {
  if (hold.status === 'ACTIVE' && Date.parse(hold.expiresAt) <= nowMs) return 'EXPIRED';
  return hold.status;
}

export function withEffectiveStatus<T extends Ticket>(ticket: T, nowMs: number): T {
  const status = effectiveStatus(ticket, nowMs);
  if (status === ticket.status) return ticket;
  return { ...ticket, status, holdId: null, reservedUntil: null };
}

/**
 * A ticket as the public sees it: its seat and status, never whose hold or booking took it
 * (`holdId` and `bookingId` read null). Ids of other people's holds and bookings are for the
 * operator (an admin token) and the in-process SDK only; the shape stays the seed's `Ticket`.
 */
export function publicTicket(ticket: Ticket): Ticket {
  if (ticket.holdId === null && ticket.bookingId === null) return ticket;
  return { ...ticket, holdId: null, bookingId: null };
}

/** The event view as the public sees it: every ticket through `publicTicket`. */
export function publicEventView(view: EventView): EventView {
  return { ...view, tickets: view.tickets.map(publicTicket) };
}
