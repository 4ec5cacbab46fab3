import { eventInput, eventPatch, performerInput, venueInput } from '@boxoffice/sdk/schemas';
import { fromZod, idSchema, objectSchema } from './json-schema.js';

export const createPerformerBody = fromZod(performerInput);
export const createVenueBody = fromZod(venueInput, { description: 'A venue and its seat map: seated sections (rows) and general-admission areas (capacity).' });
export const createEventBody = fromZod(eventInput, { ids: { venueId: 'venue', performerIds: { items: 'performer' } } });
export const updateEventBody = fromZod(eventPatch);

export const auditQuery = objectSchema({ eventId: idSchema('event', 'Audit one event (default: the whole store).') });
export const outboxQuery = objectSchema({
  undispatchedOnly: { type: 'boolean', description: 'Only messages not yet delivered.' },
  limit: { type: 'integer', minimum: 1, maximum: 1000 },
});
export const reconcileQuery = objectSchema({
  abandonedAfterMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
  settleAfterMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
});
