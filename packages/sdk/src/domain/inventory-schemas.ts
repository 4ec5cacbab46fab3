import * as z from 'zod';
import { idOf, idempotencyKeySchema, sectionId } from './schemas.js';

/** The inventory commands' input schemas (inventory.ts says what the commands do). */

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

export const unblockInput = z.strictObject(selection).superRefine(oneSelector);

export const repriceInput = z
  .strictObject({ ...selection, price: z.number().int('must be an integer (minor units)').min(0, 'must not be negative').max(100_000_000, 'at most 100000000') })
  .superRefine(oneSelector);
