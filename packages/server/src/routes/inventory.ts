import type { BlockInput, BoxOffice, InventoryResult, RepriceInput, UnblockInput } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/bearer.js';
import { idempotencyKeyOf } from '../headers.js';
import type { RouteDeps } from '../route-deps.js';
import { eventParams } from '../schemas/events.js';
import { blockBody, repriceBody, unblockBody } from '../schemas/inventory.js';
import { ok } from '../contract.js';
import { inventoryResult } from '../schemas/responses/sales.js';

const auth = [{ bearer: [] }];
const tags = ['inventory'];
/** A stadium-sized selection of ticket ids (200,000 ids of ~30 bytes). */
const BODY_LIMIT = 8 * 1024 * 1024;

type Command = 'block' | 'release' | 'reprice';
/** The route schema checked the shape; the SDK checks the rest and names the field at fault. */
type Input = BlockInput & UnblockInput & RepriceInput;

/** Operator inventory: block seats, release blocked seats, reprice; admin only, Idempotency-Key honoured. */
export function inventoryRoutes(app: FastifyInstance, { boxOffice, secret }: RouteDeps): void {
  app.addHook('onRequest', async (request) => {
    requireAdmin(request, secret);
  });

  const route = (command: Command, operationId: string, summary: string, body: Record<string, unknown>, run: (bo: BoxOffice, input: Input) => Promise<InventoryResult>) =>
    app.post<{ Params: { eventId: string }; Body: Omit<Input, 'eventId'> }>(
      `/admin/events/:eventId/inventory/${command}`,
      { bodyLimit: BODY_LIMIT, schema: { summary, tags, security: auth, params: eventParams, body, contract: { operationId, responses: ok(inventoryResult, 'What the command changed and skipped'), errors: [409, 422] } } },
      // The change is announced on the bus before this returns; the server's subscription updates
      // the view cache (a reprice drops the event's view and layout: prices are part of the layout).
      async (request) => run(boxOffice, { ...request.body, eventId: request.params.eventId, ...idempotencyKeyOf(request) }),
    );

  route('block', 'blockTickets', 'Take seats off sale (they read RESERVED) until released; held and sold seats are reported', blockBody, (bo, { idempotencyKey, ...request }) => bo.inventory.block(request, { idempotencyKey }));
  route('release', 'unblockTickets', 'Return blocked seats to sale', unblockBody, (bo, { idempotencyKey, ...request }) => bo.inventory.unblock(request, { idempotencyKey }));
  route('reprice', 'repriceTickets', 'Set the price of unsold seats (a tier selection changes the tier price too)', repriceBody, (bo, { idempotencyKey, ...request }) => bo.inventory.reprice(request, { idempotencyKey }));
}
