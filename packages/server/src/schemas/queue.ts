import { MAX_DRAW_PAGE } from '@boxoffice/sdk';
import { objectSchema } from './json-schema.js';

/**
 * PUT /admin/events/:eventId/queue. Kept in step with the SDK's `queueSettingsInput` (which
 * checks it again, with the cross-field rules) until the SDK exports that schema.
 */
export const queueSettingsBody = objectSchema({
  enabled: { type: 'boolean' },
  mode: { type: 'string', enum: ['fifo', 'randomized'] },
  onSaleAt: { type: ['string', 'null'], maxLength: 40, description: 'ISO-8601; randomized queues draw then.' },
  admissionRate: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1_000_000, description: 'Users admitted per second.' },
  maxActive: { type: ['integer', 'null'], minimum: 1, maximum: 10_000_000, description: 'Cap on concurrently admitted buyers.' },
  tokenTtlSeconds: { type: 'integer', minimum: 10, maximum: 86_400 },
  heartbeatTimeoutSeconds: { type: 'integer', minimum: 5, maximum: 86_400 },
  tickMs: { type: 'integer', minimum: 10, maximum: 60_000 },
});

/** POST …/queue/join, optional: the receipt of an earlier join, after a QUEUE_RESET. */
export const queueJoinBody = objectSchema({
  receipt: { type: 'string', minLength: 1, maxLength: 1024, description: 'The `receipt` of an earlier join: after the queue was reset, gives that number back.' },
});

export const drawQuery = objectSchema({
  offset: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  limit: { type: 'integer', minimum: 1, maximum: MAX_DRAW_PAGE },
});
