import type { Booking, Event, Hold, OutboxMessage, Payment, Performer, Ticket, Venue } from '../../domain/types.js';

import type { EventAvailability } from './memory-availability.js';

/**
 * A ticket row as the memory store keeps it: the public fields, who holds or owns it, and its
 * position in the event (getSnapshot order). Every write to `status` or `reservedUntil` must be
 * followed by `syncAvailability(state, row)` so best-available's view stays true.
 */
export type TicketRow = { -readonly [K in keyof Ticket]: Ticket[K] } & { holderId: string | null; readonly ordinal: number };
export type HoldRow = { -readonly [K in keyof Hold]: Hold[K] };
export type BookingRow = { -readonly [K in keyof Booking]: Booking[K] };
export type PaymentRow = { -readonly [K in keyof Payment]: Payment[K] };

export interface IdempotencyRow {
  fingerprint: string;
  state: 'in-progress' | 'done';
  response: unknown;
  updatedAt: number;
  /** The claiming call's token (null once done). */
  owner: string | null;
  /** Epoch ms (store clock) after which an in-progress claim may be taken over. */
  leaseUntil: number;
}

/** Every table of the memory store. One object so that a snapshot or reset is one assignment. */
export class MemoryState {
  readonly performers = new Map<string, Performer>();
  readonly venues = new Map<string, Venue>();
  readonly events = new Map<string, Event>();
  readonly tickets = new Map<string, TicketRow>();
  readonly ticketsByEvent = new Map<string, TicketRow[]>();
  /** Per event, availability by ticket position (see `getAvailability`). */
  readonly availability = new Map<string, EventAvailability>();
  /** `${eventId}\u0000${userId}` → ids of tickets ever held by that user (filtered on read). */
  readonly ticketsByHolder = new Map<string, Set<string>>();
  readonly holds = new Map<string, HoldRow>();
  /** ACTIVE holds in expiry order is not kept: the sweeper scans `activeHolds`. */
  readonly activeHolds = new Set<string>();
  readonly bookings = new Map<string, BookingRow>();
  readonly bookingByHold = new Map<string, string>();
  readonly payments = new Map<string, PaymentRow>();
  readonly idempotency = new Map<string, IdempotencyRow>();
  readonly outbox: Array<{ -readonly [K in keyof OutboxMessage]: OutboxMessage[K] }> = [];
}

export function holderKey(eventId: string, userId: string): string {
  return `${eventId}\u0000${userId}`;
}

export function publicTicket(row: TicketRow): Ticket {
  const { holderId: _holder, ordinal: _ordinal, ...ticket } = row;
  return ticket;
}

/** Call after changing a ticket's status or expiry. */
export function syncAvailability(state: MemoryState, row: TicketRow): void {
  state.availability.get(row.eventId)?.sync(row);
}

/** The ticket back on sale: no hold, no holder, no expiry (and best-available told). */
export function freeTicket(state: MemoryState, row: TicketRow): void {
  row.status = 'AVAILABLE';
  row.holdId = null;
  row.holderId = null;
  row.reservedUntil = null;
  row.version++;
  syncAvailability(state, row);
}
