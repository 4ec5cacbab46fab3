import { z } from 'zod';
import { idOf, idempotencyKeySchema, sectionId } from './schemas.js';
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

const MAX_TICKETS_PER_CALL = 200_000;

/**
 * Which of an event's tickets an inventory command acts on: named tickets, a section (or some
 * of its rows), or a price tier; exactly one of `ticketIds`, `section`, `tier`.
 */
const selection = {
  eventId: idOf('event'),
  ticketIds: z.array(idOf('ticket')).min(1, 'must name at least one ticket').max(MAX_TICKETS_PER_CALL, `at most ${MAX_TICKETS_PER_CALL} tickets`).optional(),
  section: sectionId.optional(),
  rows: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,8}$/, 'must be a row label (1-8 of A-Z a-z 0-9 _ -)'))
    .min(1, 'must name at least one row')
    .max(500, 'at most 500 rows')
    .optional(),
  tier: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 of A-Z a-z 0-9 _ -').optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
};

function oneSelector(s: { ticketIds?: unknown; section?: unknown; rows?: unknown; tier?: unknown }, ctx: z.RefinementCtx): void {
  const given = [s.ticketIds, s.section, s.tier].filter((v) => v !== undefined).length;
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['ticketIds'], message: 'give exactly one of ticketIds, section or tier' });
  if (s.rows !== undefined && s.section === undefined) ctx.addIssue({ code: 'custom', path: ['rows'], message: 'rows need a section' });
}

export const blockInput = z.strictObject(selection).superRefine(oneSelector);
export type BlockInput = z.input<typeof blockInput>;

export const unblockInput = z.strictObject(selection).superRefine(oneSelector);
export type UnblockInput = z.input<typeof unblockInput>;

export const repriceInput = z
  .strictObject({ ...selection, price: z.number().int('must be an integer (minor units)').min(0, 'must not be negative').max(100_000_000, 'at most 100000000') })
  .superRefine(oneSelector);
export type RepriceInput = z.input<typeof repriceInput>;

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
