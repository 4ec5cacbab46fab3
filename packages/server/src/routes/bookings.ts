import type { FastifyInstance } from 'fastify';
import { actingUser, readerScope, requireClaims } from '../auth/bearer.js';
import { admissionTokenOf, idempotencyKeyOf } from '../headers.js';
import { counted, type RouteDeps } from '../route-deps.js';
import { bookBody, bookingParams, listBookingsQuery } from '../schemas/bookings.js';
import { eventParams } from '../schemas/events.js';
import { ownerActing } from './holds.js';

type BookingParams = { Params: { bookingId: string } };
type Book = { Params: { eventId: string }; Body: { ticketIds: string[]; paymentDetails: { token: string }; admissionToken?: string } };
type ListQuery = { Querystring: { eventId?: string; page?: number; pageSize?: number } };

const auth = [{ bearer: [] }];

export function bookingRoutes(app: FastifyInstance, { boxOffice, secret, metrics }: RouteDeps): void {
  // Every route here needs a token: refuse anonymous calls before reading their input.
  app.addHook('onRequest', async (request) => {
    requireClaims(request, secret);
  });

  app.post<Book>(
    '/bookings/:eventId',
    { schema: { summary: "The seed's one-shot booking: hold + pay + confirm", tags: ['bookings'], security: auth, params: eventParams, body: bookBody } },
    async (request, reply) => {
      const userId = actingUser(request, secret);
      const booking = await counted(
        metrics.bookings,
        boxOffice.book({
          eventId: request.params.eventId,
          userId,
          ticketIds: request.body.ticketIds,
          paymentDetails: request.body.paymentDetails,
          ...admissionTokenOf(request, request.body.admissionToken),
          ...idempotencyKeyOf(request),
        }),
      );
      return reply.code(201).header('location', `/bookings/${booking.id}`).send({ bookingId: booking.id, ...booking });
    },
  );

  app.get<ListQuery>(
    '/bookings',
    { schema: { summary: 'My bookings (an admin: everyone’s, or one user’s with X-On-Behalf-Of)', tags: ['bookings'], security: auth, querystring: listBookingsQuery } },
    async (request) => {
      const userId = readerScope(request, secret);
      return boxOffice.listBookings({ ...request.query, ...(userId === undefined ? {} : { userId }) });
    },
  );

  app.get<BookingParams>(
    '/bookings/:bookingId',
    { schema: { summary: 'A booking (its owner, or an admin)', tags: ['bookings'], security: auth, params: bookingParams } },
    async (request) => boxOffice.getBooking(request.params.bookingId, readerScope(request, secret)),
  );

  app.post<BookingParams>(
    '/bookings/:bookingId/cancel',
    { schema: { summary: 'Cancel a booking: refund, seats back on sale', tags: ['bookings'], security: auth, params: bookingParams } },
    async (request) => {
      const { bookingId } = request.params;
      const userId = await ownerActing(request, secret, async () => (await boxOffice.getBooking(bookingId)).userId);
      return boxOffice.cancelBooking({ bookingId, userId, ...idempotencyKeyOf(request) });
    },
  );
}
