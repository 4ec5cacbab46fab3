import { confirmInput, holdInput } from '@boxoffice/sdk/schemas';
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

/**
 * The hold body as /openapi.json describes it: the either/or as `oneOf`. The validator keeps
 * `createHoldBody`, so that giving both (or neither) stays the SDK's VALIDATION error naming
 * `ticketIds`, not a bare "must match exactly one schema". Both given match both branches, so
 * oneOf refuses them as it refuses neither.
 */
const holdProperties = createHoldBody.properties as Record<string, unknown>;
export const createHoldBodyDocumented = {
  ...createHoldBody,
  oneOf: [
    { title: 'NamedTickets', properties: { ticketIds: holdProperties.ticketIds }, required: ['ticketIds'] },
    { title: 'BestAvailable', properties: { best: holdProperties.best }, required: ['best'] },
  ],
};
