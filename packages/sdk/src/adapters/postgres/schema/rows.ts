import type { Selectable } from 'kysely';
import type { Booking, Event, Hold, OutboxMessage, Payment, Performer, SeatMap, Ticket, Venue } from '../../../domain/types.js';
import type {
  BookingsTable,
  EventsTable,
  HoldsTable,
  OutboxTable,
  PaymentsTable,
  PerformersTable,
  TicketsTable,
  VenuesTable,
} from './db-types.js';

/**
 * Rows to domain records. Drivers differ (`pg` gives int8 as a string, PGlite as a number;
 * both give timestamptz as a Date unless configured otherwise), so every value goes through
 * `toNumber` / `toIso`, which accept each form.
 */
export function toNumber(value: string | number | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`not a number: ${String(value)}`);
  return n;
}

/** A timestamptz as an ISO-8601 UTC string with milliseconds. */
export function toIso(value: Date | string | number): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  // PostgreSQL's text form `2025-01-02 03:04:05.678+00` (or JSON's `...T...+00:00`).
  const normalised = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) throw new TypeError(`not a timestamp: ${value}`);
  return new Date(ms).toISOString();
}

export function toIsoOrNull(value: Date | string | null): string | null {
  return value === null ? null : toIso(value);
}

export function performerFromRow(r: Selectable<PerformersTable>): Performer {
  return { id: r.id, name: r.name, description: r.description, genre: r.genre };
}

export function venueFromRow(r: Selectable<VenuesTable>): Venue {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    city: r.city,
    country: r.country,
    lat: r.lat,
    lon: r.lon,
    capacity: r.capacity,
    seatMap: r.seat_map as SeatMap,
  };
}

export function eventFromRow(r: Selectable<EventsTable>): Event {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    type: r.type,
    status: r.status,
    startsAt: toIso(r.starts_at),
    endsAt: toIso(r.ends_at),
    onSaleAt: toIso(r.on_sale_at),
    salesEndAt: toIso(r.sales_end_at),
    refundDeadlineAt: toIso(r.refund_deadline_at),
    venueId: r.venue_id,
    performerIds: r.performer_ids,
    popularity: r.popularity,
    currency: r.currency,
    prices: r.prices,
    holdTtlSeconds: r.hold_ttl_seconds,
    maxTicketsPerUser: r.max_tickets_per_user,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export type TicketRow = Omit<Selectable<TicketsTable>, 'ordinal' | 'holder_id'>;

export function ticketFromRow(r: TicketRow): Ticket {
  return {
    id: r.id,
    eventId: r.event_id,
    section: r.section,
    row: r.row,
    seat: r.seat,
    x: r.x,
    y: r.y,
    tier: r.tier,
    price: toNumber(r.price),
    currency: r.currency,
    status: r.status,
    holdId: r.hold_id,
    reservedUntil: toIsoOrNull(r.reserved_until),
    bookingId: r.booking_id,
    version: r.version,
  };
}

/** `status` is the effective one (ACTIVE past expiry reads EXPIRED), computed in SQL. */
export function holdFromRow(r: Selectable<HoldsTable>): Hold {
  return {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    ticketIds: r.ticket_ids,
    total: toNumber(r.total),
    currency: r.currency,
    status: r.status,
    expiresAt: toIso(r.expires_at),
    createdAt: toIso(r.created_at),
  };
}

export function bookingFromRow(r: Selectable<BookingsTable>): Booking {
  return {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    holdId: r.hold_id,
    ticketIds: r.ticket_ids,
    total: toNumber(r.total),
    currency: r.currency,
    status: r.status,
    paymentId: r.payment_id,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export function paymentFromRow(r: Selectable<PaymentsTable>): Payment {
  return {
    id: r.id,
    holdId: r.hold_id,
    userId: r.user_id,
    bookingId: r.booking_id,
    amount: toNumber(r.amount),
    currency: r.currency,
    status: r.status,
    gatewayReference: r.gateway_reference,
    failureReason: r.failure_reason,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export function outboxFromRow(r: Omit<Selectable<OutboxTable>, 'seq'>): OutboxMessage {
  return {
    id: r.id,
    topic: r.topic,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    createdAt: toIso(r.created_at),
    dispatchedAt: toIsoOrNull(r.dispatched_at),
  };
}

/** Reads a field of a jsonb object returned by one of the store's SQL functions. */
export function field<T>(obj: Record<string, unknown>, key: string): T {
  return obj[key] as T;
}
