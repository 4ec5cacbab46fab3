import type { Ticket, TicketStatus } from './types.js';

/**
 * Inventory administration: an operator takes seats off sale (a block: house seats, camera
 * positions, a broken seat), returns them to sale, or changes their price.
 *
 * A block is a hold owned by `BLOCK_HOLDER`, which is not a valid user id (no user can confirm
 * or release it, no token can name it), expiring at `BLOCK_EXPIRES_AT`: its seats are RESERVED
 * like any held seat, so every reservation rule (the hold's compare-and-set, best-available,
 * the sweeper, the audit, the seed's three statuses) already treats them as taken, and only an
 * explicit unblock returns them to sale.
 */
export const BLOCK_HOLDER = '#blocked';
/** A block lasts until an operator releases it; this date only satisfies the hold's expiry column. */
export const BLOCK_EXPIRES_AT = '9999-12-31T00:00:00.000Z';

/** True for a ticket taken off sale by an operator's block (as opposed to a buyer's hold). */
export function isBlocked(ticket: Pick<Ticket, 'status' | 'reservedUntil'>): boolean {
  return ticket.status === 'RESERVED' && ticket.reservedUntil === BLOCK_EXPIRES_AT;
}

/** A selected ticket the command left alone, and why (its status as the store saw it). */
export interface SkippedTicket {
  readonly ticketId: string;
  readonly status: TicketStatus | 'BLOCKED';
}

/** What an inventory command did. */
export interface InventoryResult {
  readonly eventId: string;
  /** The block's id (a hold id: `getHold` shows it), for `blockTickets` when it blocked anything. */
  readonly blockId?: string;
  /** Tickets changed, sorted by id. */
  readonly changed: readonly string[];
  /** Selected tickets left as they were: taken by buyers, sold, or already in the wanted state. */
  readonly skipped: readonly SkippedTicket[];
  /** The new price, for `repriceTickets`. */
  readonly price?: number;
}
