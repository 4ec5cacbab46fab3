import { bookInput } from '@boxoffice/sdk/schemas';
import { fromZod, idSchema, objectSchema, pageQuery } from './json-schema.js';

export const bookingParams = objectSchema({ bookingId: idSchema('booking', 'The booking id (bkg_…).') }, ['bookingId']);

/** The seed's POST /bookings/:eventId body: `{ ticketIds, paymentDetails: { token } }`. */
export const bookBody = fromZod(bookInput, { omit: ['eventId', 'userId', 'idempotencyKey'], ids: { ticketIds: { items: 'ticket' } } });

export const listBookingsQuery = objectSchema({ eventId: idSchema('event', 'Only bookings of this event.'), ...pageQuery(500) });

/** POST /bookings/:bookingId/cancel?asOperator=true: an admin's cancel past the refund deadline. */
export const cancelQuery = objectSchema({
  asOperator: { type: 'boolean', description: 'Admins only: cancel and refund even after the event\'s refund deadline.' },
});
