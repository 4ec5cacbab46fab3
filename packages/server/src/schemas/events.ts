import { idSchema, objectSchema, pageQuery } from './json-schema.js';

export const eventParams = objectSchema({ eventId: idSchema('event', 'The event id (evt_…).') }, ['eventId']);
export const listEventsQuery = objectSchema(pageQuery(100));
