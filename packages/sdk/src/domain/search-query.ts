import * as z from 'zod';
import { strictDateProblem } from './dates.js';
import { idOf } from './schemas.js';
import { MAX_KEYWORD_LENGTH, MAX_RESULT_WINDOW } from './inputs.js';
import { EVENT_TYPES } from './types.js';

/** Input schemas of `searchEvents` and `suggest`, naming the field at fault. */

/** A number, or a string holding one (query strings arrive as text). */
const numeric = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number)]);
const int = (min: number, max: number) =>
  numeric.pipe(z.number().int('must be an integer').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1')]);
const instant = z.union([
  z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date').transform((d) => d.getTime()),
  z
    .string()
    .max(40, 'at most 40 characters')
    .superRefine((s, ctx) => {
      const problem = strictDateProblem(s, { dateOnly: true });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((s) => Date.parse(s)),
]);

export const searchInput = z
  .strictObject({
    keyword: z.string().max(MAX_KEYWORD_LENGTH, `at most ${MAX_KEYWORD_LENGTH} characters`).optional(),
    start: instant.optional(),
    end: instant.optional(),
    pageSize: int(1, 100).default(20),
    page: int(1, MAX_RESULT_WINDOW).default(1),
    city: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters').optional(),
    venueId: idOf('venue').optional(),
    type: z.enum(EVENT_TYPES as [string, ...string[]]).optional(),
    performerId: idOf('performer').optional(),
    minPrice: int(0, 100_000_000).optional(),
    maxPrice: int(0, 100_000_000).optional(),
    onlyAvailable: bool.default(false),
    /** Past events (ended before now) are left out unless this is true. */
    includePast: bool.default(false),
    lat: numeric.pipe(z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90')).optional(),
    lon: numeric.pipe(z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180')).optional(),
    radiusKm: numeric.pipe(z.number().gt(0, 'must be more than 0').max(20_000, 'at most 20000')).optional(),
    sort: z.enum(['relevance', 'date', 'price', 'popularity']).optional(),
    facets: z.union([z.boolean(), z.array(z.enum(['type', 'city', 'month', 'priceBand'])).max(4)]).default(false),
  })
  .superRefine((q, ctx) => {
    if (q.start !== undefined && q.end !== undefined && q.end < q.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    }
    if (q.minPrice !== undefined && q.maxPrice !== undefined && q.maxPrice < q.minPrice) {
      ctx.addIssue({ code: 'custom', path: ['maxPrice'], message: 'must not be below minPrice' });
    }
    if ((q.lat === undefined) !== (q.lon === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together' });
    }
    if (q.radiusKm !== undefined && q.lat === undefined) {
      ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: 'needs lat and lon' });
    }
    if (q.page * q.pageSize > MAX_RESULT_WINDOW) {
      ctx.addIssue({ code: 'custom', path: ['page'], message: `page × pageSize must be at most ${MAX_RESULT_WINDOW}` });
    }
  });

export const suggestInput = z.strictObject({
  prefix: z.string().max(100, 'at most 100 characters'),
  limit: int(1, 20).default(8),
});
