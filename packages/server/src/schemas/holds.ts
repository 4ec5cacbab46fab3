import { confirmInput, holdInput } from '@boxoffice/sdk';
import { fromZod, idSchema, objectSchema } from './json-schema.js';

export const holdParams = objectSchema({ holdId: idSchema('hold', 'The hold id (hld_…).') }, ['holdId']);

/** POST /holds: named tickets, or best-available `{ quantity, section?, maxPrice?, adjacent? }`. */
export const createHoldBody = fromZod(holdInput, {
  omit: ['userId', 'idempotencyKey'],
  ids: { eventId: 'event', ticketIds: { items: 'ticket' } },
  description: 'Give either ticketIds or best (best-available), not both.',
});

/** POST /holds/:holdId/confirm. */
export const confirmBody = fromZod(confirmInput, { omit: ['holdId', 'userId', 'idempotencyKey'] });
