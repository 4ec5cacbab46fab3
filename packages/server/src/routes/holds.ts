import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actingUser, ON_BEHALF_HEADER, readerScope, requireClaims } from '../auth/bearer.js';
import { admissionTokenOf, idempotencyKeyOf } from '../headers.js';
import { counted, type RouteDeps } from '../route-deps.js';
import { confirmBody, createHoldBody, createHoldBodyDocumented, holdParams } from '../schemas/holds.js';
import { created, ok } from '../contract.js';
import { booking, hold } from '../schemas/responses/sales.js';

type HoldParams = { Params: { holdId: string } };
type CreateHold = {
  Body: { eventId: string; ticketIds?: string[]; best?: { quantity: number; section?: string; maxPrice?: number; adjacent?: boolean }; admissionToken?: string };
};
type Confirm = HoldParams & { Body: { paymentDetails: { token: string } } };

const auth = [{ bearer: [] }];

/**
 * The user a call on an existing resource acts for: an admin who names nobody acts for the
 * resource's owner; anyone else as `actingUser` says.
 */
export async function ownerActing(request: FastifyRequest, secret: string, ownerOf: () => Promise<string>): Promise<string> {
  const claims = requireClaims(request, secret);
  if (claims.role === 'admin' && request.headers[ON_BEHALF_HEADER] === undefined) return ownerOf();
  return actingUser(request, secret);
}

export function holdRoutes(app: FastifyInstance, { boxOffice, secret, metrics }: RouteDeps): void {
  // Every route here needs a token: refuse anonymous calls before reading their input.
  app.addHook('onRequest', async (request) => {
    requireClaims(request, secret);
  });

  app.post<CreateHold>(
    '/holds',
    { schema: { summary: 'Hold named tickets or the best N available (all-or-nothing, until expiresAt)', tags: ['holds'], security: auth, body: createHoldBody, contract: { operationId: 'createHold', body: createHoldBodyDocumented, responses: created(hold, 'Held until expiresAt'), errors: [403, 404, 409, 422] } } },
    async (request, reply) => {
      const userId = actingUser(request, secret);
      const hold = await counted(metrics.holds, boxOffice.holds.create({ ...request.body, ...admissionTokenOf(request, request.body.admissionToken) }, { userId, ...idempotencyKeyOf(request) }));
      return reply.code(201).header('location', `/holds/${hold.id}`).send(hold);
    },
  );

  app.get<HoldParams>(
    '/holds/:holdId',
    { schema: { summary: 'A hold (its owner, or an admin)', tags: ['holds'], security: auth, params: holdParams, contract: { operationId: 'getHold', responses: ok(hold, 'The hold') } } },
    async (request) => boxOffice.holds.get(request.params.holdId, { userId: readerScope(request, secret) }),
  );

  app.delete<HoldParams>(
    '/holds/:holdId',
    { schema: { summary: 'Release a hold: its seats go back on sale', tags: ['holds'], security: auth, params: holdParams, contract: { operationId: 'releaseHold', responses: ok(hold, 'The hold, RELEASED'), errors: [409] } } },
    async (request) => {
      const { holdId } = request.params;
      const userId = await ownerActing(request, secret, async () => (await boxOffice.holds.get(holdId)).userId);
      return boxOffice.holds.release(holdId, { userId });
    },
  );

  app.post<Confirm>(
    '/holds/:holdId/confirm',
    { schema: { summary: 'Pay for a hold and confirm it: the seats become SOLD to a booking', tags: ['holds'], security: auth, params: holdParams, body: confirmBody, contract: { operationId: 'confirmHold', responses: created(booking, 'Paid and confirmed'), errors: [402, 409, 410, 422, 502] } } },
    async (request, reply) => {
      const { holdId } = request.params;
      const userId = await ownerActing(request, secret, async () => (await boxOffice.holds.get(holdId)).userId);
      const booking = await counted(metrics.bookings, boxOffice.bookings.confirm({ holdId, paymentDetails: request.body.paymentDetails }, { userId, ...idempotencyKeyOf(request) }));
      return reply.code(201).header('location', `/bookings/${booking.id}`).send(booking);
    },
  );
}
