import type { FastifyInstance } from 'fastify';
import { actingUser, ON_BEHALF_HEADER, readerScope, requireClaims } from '../auth/bearer.js';
import { admissionTokenOf, idempotencyKeyOf } from '../headers.js';
import { counted, type RouteDeps } from '../route-deps.js';
import { BoxOfficeError } from '@boxoffice/sdk';
import { bookBody, bookingParams, cancelQuery, listBookingsQuery } from '../schemas/bookings.js';
import { eventParams } from '../schemas/events.js';
import { ownerActing } from './holds.js';
import { created, ok } from '../contract.js';
import { booking, bookingList, seedBooking } from '../schemas/responses/sales.js';
import { bookingPage } from '../schemas/responses/pages.js';
import { paged, sendPage } from './paged.js';

type BookingParams = { Params: { bookingId: string } };
type Cancel = BookingParams & { Querystring: { asOperator?: boolean } };
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
    { schema: { summary: "The seed's one-shot booking: hold + pay + confirm", tags: ['bookings'], security: auth, params: eventParams, body: bookBody, contract: { operationId: 'bookTickets', pathAlias: { eventId: 'id' }, responses: created(seedBooking, 'Booked: held, paid and confirmed'), errors: [402, 409, 422, 502] } } },
    async (request, reply) => {
      const userId = actingUser(request, secret);
      const booking = await counted(
        metrics.bookings,
        boxOffice.bookings.book(
          { eventId: request.params.eventId, ticketIds: request.body.ticketIds, paymentDetails: request.body.paymentDetails, ...admissionTokenOf(request, request.body.admissionToken) },
          { userId, ...idempotencyKeyOf(request) },
        ),
      );
      return reply.code(201).header('location', `/bookings/${booking.id}`).send({ bookingId: booking.id, ...booking });
    },
  );

  app.get<ListQuery>(
    '/bookings',
    { schema: { summary: 'My bookings (an admin: everyone’s, or one user’s with X-On-Behalf-Of)', tags: ['bookings'], security: auth, querystring: listBookingsQuery, contract: { operationId: 'listBookings', responses: paged(bookingList, bookingPage, 'Bookings, newest first, a page') } } },
    async (request, reply) => {
      const userId = readerScope(request, secret);
      return sendPage(request, reply, await boxOffice.bookings.list(request.query, { userId }));
    },
  );

  app.get<BookingParams>(
    '/bookings/:bookingId',
    { schema: { summary: 'A booking (its owner, or an admin)', tags: ['bookings'], security: auth, params: bookingParams, contract: { operationId: 'getBooking', pathAlias: { bookingId: 'id' }, responses: ok(booking, 'The booking') } } },
    async (request) => boxOffice.bookings.get(request.params.bookingId, { userId: readerScope(request, secret) }),
  );

  app.post<Cancel>(
    '/bookings/:bookingId/cancel',
    {
      schema: {
        summary: "Cancel a booking: refund, seats back on sale (a user until the event's refund deadline, an admin any time)",
        tags: ['bookings'],
        security: auth,
        params: bookingParams,
        querystring: cancelQuery,
        contract: { operationId: 'cancelBooking', responses: ok(booking, 'The booking, CANCELLED: refunded, its seats back on sale'), errors: [409, 422, 502] },
      },
    },
    async (request) => {
      const { bookingId } = request.params;
      const claims = requireClaims(request, secret);
      if (request.query.asOperator === true && claims.role !== 'admin') {
        throw new BoxOfficeError('FORBIDDEN', 'only an admin may cancel as the operator', { field: 'asOperator' });
      }
      // An admin acts as the operator, unless it names a user (X-On-Behalf-Of) to act as them
      // (support, the remote client): then only an explicit asOperator lifts the deadline.
      const asOperator = claims.role === 'admin' && (request.query.asOperator === true || request.headers[ON_BEHALF_HEADER] === undefined);
      const userId = await ownerActing(request, secret, async () => (await boxOffice.bookings.get(bookingId)).userId);
      return boxOffice.bookings.cancel(bookingId, { userId, asOperator, ...idempotencyKeyOf(request) });
    },
  );
}
