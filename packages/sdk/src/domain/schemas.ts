import * as z from 'zod';
import { EVENT_STATUSES, EVENT_TYPES } from './types.js';
import { strictDateProblem } from './dates.js';
import { ID_PREFIX, isIdOf, isUserId, type IdKind } from './ids.js';

/**
 * Input schemas for every call that crosses the SDK boundary. What each takes is written out in
 * inputs.ts (test/domain/input-types.test.ts checks the two agree), so that the root entry's
 * declarations do not reference zod: zod is bundled into the SDK's build, not a dependency.
 */

/** A zod date-time: strict (see dates.ts), normalised to UTC `toISOString()`. */
export const strictIsoDateTime = z
  .string()
  .max(40, 'at most 40 characters')
  .superRefine((s, ctx) => {
    const problem = strictDateProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => new Date(s).toISOString());

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const optionalText = (max: number) => z.string().max(max, `at most ${max} characters`).default('');
/** Strict: ISO 8601 with a zone, a real calendar date, years 2000–2100 (see dates.ts). */
const isoDate = strictIsoDateTime;

export const idOf = (kind: IdKind) =>
  z.string().refine((s) => isIdOf(kind, s), `must be ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} id (${ID_PREFIX[kind]}_...)`);
export const userIdSchema = z.string().refine(isUserId, 'must be a user id (1-128 of A-Z a-z 0-9 _ . @ : -)');
export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const performerInput = z.strictObject({
  name: text(200),
  description: optionalText(5000),
  genre: z.string().max(100).nullable().default(null),
});

export const sectionId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 of A-Z a-z 0-9 _ -');
const MAX_SEATS_PER_VENUE = 200_000;

const seatRow = z.strictObject({
  label: z.string().regex(/^[A-Za-z0-9_-]{1,8}$/, 'must be 1-8 of A-Z a-z 0-9 _ -'),
  seatCount: z.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'at most 1000'),
  startNumber: z.number().int('must be an integer').min(0).max(100_000).default(1),
});

const section = z
  .strictObject({
    id: sectionId,
    name: text(100),
    tier: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 of A-Z a-z 0-9 _ -'),
    rank: z.number().int().min(0).max(1_000_000).optional(),
    x: z.number().finite().default(0),
    y: z.number().finite().default(0),
    rows: z.array(seatRow).max(500, 'at most 500 rows').default([]),
    capacity: z.number().int('must be an integer').min(1, 'must be at least 1').max(MAX_SEATS_PER_VENUE).nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (s.rows.length === 0 && s.capacity === null) {
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'a section needs rows (seated) or a capacity (general admission)' });
    }
    if (s.rows.length > 0 && s.capacity !== null) {
      ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'a seated section (with rows) takes no capacity' });
    }
    const labels = new Set<string>();
    s.rows.forEach((r, i) => {
      if (labels.has(r.label)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'label'], message: `duplicate row label ${r.label}` });
      labels.add(r.label);
    });
  });

export const seatMapInput = z
  .strictObject({ sections: z.array(section).min(1, 'needs at least one section').max(1000, 'at most 1000 sections') })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    let seats = 0;
    m.sections.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'id'], message: `duplicate section id ${s.id}` });
      ids.add(s.id);
      seats += s.capacity ?? s.rows.reduce((n, r) => n + r.seatCount, 0);
    });
    if (seats > MAX_SEATS_PER_VENUE) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: `at most ${MAX_SEATS_PER_VENUE} seats per venue (got ${seats})` });
    }
  });

export const venueInput = z.strictObject({
  name: text(200),
  address: optionalText(500),
  city: text(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code').default('US'),
  lat: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
  lon: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
  seatMap: seatMapInput,
});

export const eventInput = z
  .strictObject({
    title: text(300),
    description: optionalText(10_000),
    type: z.enum(EVENT_TYPES as [string, ...string[]]).default('other'),
    startsAt: isoDate,
    endsAt: isoDate.optional(),
    onSaleAt: isoDate.optional(),
    /** When sales stop (default: startsAt); between onSaleAt and endsAt. */
    salesEndAt: isoDate.optional(),
    /** Until when a user may cancel for a refund (default: startsAt); at most endsAt. */
    refundDeadlineAt: isoDate.optional(),
    venueId: idOf('venue'),
    performerIds: z.array(idOf('performer')).max(50).default([]),
    popularity: z.number().finite().min(0).max(1_000_000).default(0),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD').default('USD'),
    prices: z.record(
      z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'tier names are 1-32 of A-Z a-z 0-9 _ -'),
      z.number().int('must be an integer amount of minor units').min(0, 'must not be negative').max(100_000_000),
    ),
    holdTtlSeconds: z.number().int().min(10, 'at least 10 seconds').max(86_400, 'at most one day').default(600),
    maxTicketsPerUser: z.number().int().min(1).max(10_000).nullable().default(10),
  })
  .superRefine((e, ctx) => {
    if (e.endsAt !== undefined && e.endsAt < e.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must not be before startsAt' });
    }
    if (e.onSaleAt !== undefined && e.onSaleAt > e.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['onSaleAt'], message: 'must not be after startsAt' });
    }
    if (new Set(e.performerIds).size !== e.performerIds.length) {
      ctx.addIssue({ code: 'custom', path: ['performerIds'], message: 'must not repeat a performer' });
    }
  });

export const eventPatch = z.strictObject({
  title: text(300).optional(),
  description: z.string().max(10_000).optional(),
  status: z.enum(EVENT_STATUSES as [string, ...string[]]).optional(),
  popularity: z.number().finite().min(0).max(1_000_000).optional(),
  holdTtlSeconds: z.number().int().min(10).max(86_400).optional(),
  maxTicketsPerUser: z.number().int().min(1).max(10_000).nullable().optional(),
  /** Checked against the stored event's onSaleAt and endsAt by the catalog service. */
  salesEndAt: isoDate.optional(),
  refundDeadlineAt: isoDate.optional(),
});

const ticketIds = z
  .array(idOf('ticket'))
  .min(1, 'must name at least one ticket')
  .max(100, 'at most 100 tickets at once')
  .superRefine((ids, ctx) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ticket ${id}` });
      seen.add(id);
    });
  });

const bestAvailable = z.strictObject({
  quantity: z.number().int('must be an integer').min(1, 'must be at least 1').max(100, 'at most 100'),
  section: sectionId.optional(),
  maxPrice: z.number().int().min(0).optional(),
  adjacent: z.boolean().default(true),
});

export const holdInput = z
  .strictObject({
    eventId: idOf('event'),
    userId: userIdSchema,
    ticketIds: ticketIds.optional(),
    best: bestAvailable.optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
    /** Required when the event's waiting queue is enabled: the token the queue handed out. */
    admissionToken: z.string().max(1024, 'at most 1024 characters').optional(),
  })
  .superRefine((h, ctx) => {
    if ((h.ticketIds === undefined) === (h.best === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ticketIds'], message: 'give either ticketIds or best (best-available), not both or neither' });
    }
  });

export const paymentDetails = z.strictObject({
  token: z.string().regex(/^tok_[A-Za-z0-9_]{1,64}$/, 'must be a payment token like tok_visa (card numbers are never accepted)'),
});

export const confirmInput = z.strictObject({
  holdId: idOf('hold'),
  userId: userIdSchema,
  paymentDetails,
  idempotencyKey: idempotencyKeySchema.optional(),
});

export const bookInput = z.strictObject({
  eventId: idOf('event'),
  userId: userIdSchema,
  ticketIds,
  paymentDetails,
  idempotencyKey: idempotencyKeySchema.optional(),
  admissionToken: z.string().max(1024, 'at most 1024 characters').optional(),
});

export const releaseInput = z.strictObject({ holdId: idOf('hold'), userId: userIdSchema });
export const cancelInput = z.strictObject({
  bookingId: idOf('booking'),
  userId: userIdSchema,
  idempotencyKey: idempotencyKeySchema.optional(),
  /** An operator's cancel (admin): not bound by the event's refund deadline. Users never set it. */
  asOperator: z.boolean().default(false),
});
