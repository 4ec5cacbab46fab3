import { idSchema, objectSchema, pageQuery } from './json-schema.js';

export const eventParams = objectSchema({ eventId: idSchema('event', 'The event id (evt_…).') }, ['eventId']);
export const listEventsQuery = objectSchema({
  ...pageQuery(100),
  includePast: { type: 'boolean', default: false, description: 'Also list events that have already ended (left out by default, as in search).' },
});
