/**
 * The booking domain's records. Timestamps are ISO-8601 strings (what travels over HTTP);
 * money is integer minor units with a currency code.
 */

export type TicketStatus = 'AVAILABLE' | 'RESERVED' | 'SOLD';
export const TICKET_STATUSES: readonly TicketStatus[] = ['AVAILABLE', 'RESERVED', 'SOLD'];

export type EventType = 'concert' | 'sports' | 'theatre' | 'comedy' | 'festival' | 'family' | 'other';
export const EVENT_TYPES: readonly EventType[] = ['concert', 'sports', 'theatre', 'comedy', 'festival', 'family', 'other'];

export type EventStatus = 'SCHEDULED' | 'POSTPONED' | 'CANCELLED';
export const EVENT_STATUSES: readonly EventStatus[] = ['SCHEDULED', 'POSTPONED', 'CANCELLED'];

export type Role = 'user' | 'admin';

export interface User {
  readonly id: string;
  readonly role: Role;
}

export interface Performer {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly genre: string | null;
}

/** A row of numbered seats, numbered `startNumber ..` left to right. */
export interface SeatRow {
  readonly label: string;
  readonly seatCount: number;
  readonly startNumber: number;
}

/**
 * A section is either seated (`rows`) or a general-admission area (`capacity`, no rows).
 * `rank` orders sections for best-available (lower is better); `tier` names the price tier.
 * `x`, `y` place the section's top-left seat on the venue plan (seat units).
 */
export interface Section {
  readonly id: string;
  readonly name: string;
  readonly tier: string;
  readonly rank: number;
  readonly x: number;
  readonly y: number;
  readonly rows: readonly SeatRow[];
  readonly capacity: number | null;
}

export interface SeatMap {
  readonly sections: readonly Section[];
}

export interface Venue {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly capacity: number;
  readonly seatMap: SeatMap;
}

export interface Event {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly type: EventType;
  readonly status: EventStatus;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly onSaleAt: string;
  /** Holds, confirms and bookings stop at this time (default: `startsAt`). */
  readonly salesEndAt: string;
  /** A user may cancel for a refund until this time (default: `startsAt`); an operator any time. */
  readonly refundDeadlineAt: string;
  readonly venueId: string;
  readonly performerIds: readonly string[];
  readonly popularity: number;
  readonly currency: string;
  /** Price per tier, minor units. */
  readonly prices: Readonly<Record<string, number>>;
  /** How long a hold lasts on this event. */
  readonly holdTtlSeconds: number;
  /** Most tickets one user may hold or own for this event (null: no cap). */
  readonly maxTicketsPerUser: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Ticket {
  readonly id: string;
  readonly eventId: string;
  readonly section: string;
  /** Null for general admission. */
  readonly row: string | null;
  readonly seat: number | null;
  readonly x: number;
  readonly y: number;
  readonly tier: string;
  readonly price: number;
  readonly currency: string;
  readonly status: TicketStatus;
  /** The hold that reserved it; always null in public views (HTTP without an admin token). */
  readonly holdId: string | null;
  readonly reservedUntil: string | null;
  /** The booking that bought it; always null in public views (HTTP without an admin token). */
  readonly bookingId: string | null;
  readonly version: number;
}

/** The seed's view: the event with its venue, performers and tickets. */
export type EventView = Event & {
  readonly venue: Venue;
  readonly performers: Performer[];
  readonly tickets: Ticket[];
};

export type HoldStatus = 'ACTIVE' | 'RELEASED' | 'EXPIRED' | 'CONFIRMED';

export interface Hold {
  readonly id: string;
  readonly eventId: string;
  readonly userId: string;
  readonly ticketIds: readonly string[];
  readonly total: number;
  readonly currency: string;
  /** ACTIVE holds past `expiresAt` are reported as EXPIRED: expiry never waits for a sweep. */
  readonly status: HoldStatus;
  readonly expiresAt: string;
  readonly createdAt: string;
}

export type BookingStatus = 'CONFIRMED' | 'CANCELLED';

export interface Booking {
  readonly id: string;
  readonly eventId: string;
  readonly userId: string;
  readonly holdId: string;
  readonly ticketIds: readonly string[];
  readonly total: number;
  readonly currency: string;
  readonly status: BookingStatus;
  readonly paymentId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type PaymentStatus =
  | 'AUTHORIZING'
  | 'AUTHORIZED'
  | 'DECLINED'
  | 'UNCERTAIN'
  | 'CAPTURED'
  /**
   * Claimed by the reconciler for a void (an abandoned attempt): no confirm can use it any more,
   * and the reconciler retries the gateway's void until it goes through.
   */
  | 'VOIDING'
  | 'VOIDED'
  /** A cancelled booking's charge, until the gateway confirms the refund (the reconciler retries it). */
  | 'REFUNDING'
  | 'REFUNDED';

export interface Payment {
  readonly id: string;
  readonly holdId: string;
  readonly userId: string;
  readonly bookingId: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly gatewayReference: string | null;
  readonly failureReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type OutboxTopic = 'booking.confirmed' | 'booking.cancelled' | 'payment.refunded';

export interface OutboxMessage {
  readonly id: string;
  readonly topic: OutboxTopic;
  readonly aggregateId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly dispatchedAt: string | null;
}

/** A ticket's status change, as announced on the event bus. */
export interface TicketChange {
  readonly ticketId: string;
  readonly status: TicketStatus;
}

export interface TicketsChangedEvent {
  readonly type: 'tickets.changed';
  readonly eventId: string;
  readonly reason: 'hold' | 'release' | 'expire' | 'sale' | 'cancel' | 'block' | 'unblock' | 'reprice';
  readonly changes: readonly TicketChange[];
}

export type DomainEvent = TicketsChangedEvent;

/** What an audit found wrong with an event's (or the whole store's) final state. */
export interface AuditReport {
  readonly ticketsChecked: number;
  readonly bookingsChecked: number;
  readonly paymentsChecked: number;
  /** Tickets claimed by more than one confirmed booking. */
  readonly oversoldTickets: readonly string[];
  /** SOLD tickets that no confirmed booking claims. */
  readonly soldWithoutBooking: readonly string[];
  /** Confirmed bookings some of whose tickets are not SOLD to them. */
  readonly bookingsMissingTickets: readonly string[];
  /** Captured payments not matched by exactly one confirmed booking. */
  readonly capturesWithoutBooking: readonly string[];
  /** Confirmed bookings whose payment is not authorized or captured. */
  readonly bookingsWithoutPayment: readonly string[];
  readonly ok: boolean;
}
