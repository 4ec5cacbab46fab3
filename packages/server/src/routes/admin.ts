import type { EventInput, EventPatch, PerformerInput, VenueInput } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/bearer.js';
import type { RouteDeps } from '../route-deps.js';
import { auditQuery, createEventBody, createPerformerBody, createVenueBody, outboxQuery, reconcileQuery, updateEventBody } from '../schemas/admin.js';
import { eventParams } from '../schemas/events.js';
import { created, ok } from '../contract.js';
import { event, performer, venue } from '../schemas/responses/catalog.js';
import { auditReport, outboxMessages, reconcileReport, sweepReport } from '../schemas/responses/operations.js';

const auth = [{ bearer: [] }];
const tags = ['admin'];
/** A venue's seat map may be large (up to 200,000 seats). */
const VENUE_BODY_LIMIT = 16 * 1024 * 1024;

/** Catalog administration and operations; every route needs an admin token. */
export function adminRoutes(app: FastifyInstance, { boxOffice, secret, cache }: RouteDeps): void {
  app.addHook('onRequest', async (request) => {
    requireAdmin(request, secret);
  });

  app.post<{ Body: PerformerInput }>(
    '/admin/performers',
    { schema: { summary: 'Create a performer', tags, security: auth, body: createPerformerBody, contract: { operationId: 'createPerformer', responses: { 201: { description: 'Created', body: performer } } } } },
    async (request, reply) => reply.code(201).send(await boxOffice.performers.create(request.body)),
  );

  app.post<{ Body: VenueInput }>(
    '/admin/venues',
    { bodyLimit: VENUE_BODY_LIMIT, schema: { summary: 'Create a venue with its seat map', tags, security: auth, body: createVenueBody, contract: { operationId: 'createVenue', responses: { 201: { description: 'Created', body: venue } } } } },
    async (request, reply) => reply.code(201).send(await boxOffice.venues.create(request.body)),
  );

  app.post<{ Body: EventInput }>(
    '/admin/events',
    { schema: { summary: 'Create an event: one AVAILABLE ticket per place of its venue, priced by tier', tags, security: auth, body: createEventBody, contract: { operationId: 'createEvent', responses: created(event, 'Created, with its tickets'), errors: [404] } } },
    async (request, reply) => {
      const event = await boxOffice.events.create(request.body);
      return reply.code(201).header('location', `/events/${event.id}`).send(event);
    },
  );

  app.patch<{ Params: { eventId: string }; Body: EventPatch }>(
    '/admin/events/:eventId',
    { schema: { summary: 'Change an event (title, status, hold TTL, per-user cap...)', tags, security: auth, params: eventParams, body: updateEventBody, contract: { operationId: 'updateEvent', responses: ok(event, 'The event, changed'), errors: [409] } } },
    async (request) => {
      const event = await boxOffice.events.update(request.params.eventId, request.body);
      cache.drop(event.id);
      return event;
    },
  );

  app.get<{ Querystring: { eventId?: string } }>(
    '/admin/audit',
    { schema: { summary: 'Prove no seat is oversold and no booking or payment is lost', tags, security: auth, querystring: auditQuery, contract: { operationId: 'audit', responses: ok(auditReport, 'What the audit checked and found'), errors: [404] } } },
    async (request) => boxOffice.operations.audit(request.query.eventId),
  );

  app.get<{ Querystring: { undispatchedOnly?: boolean; limit?: number } }>(
    '/admin/outbox',
    { schema: { summary: 'Outbox messages (confirmations, cancellations, refunds)', tags, security: auth, querystring: outboxQuery, contract: { operationId: 'listOutbox', responses: ok(outboxMessages, 'Outbox messages, oldest first') } } },
    async (request) => boxOffice.operations.outbox(request.query),
  );

  app.post(
    '/admin/sweep',
    { schema: { summary: "Return expired holds' seats to sale now", tags, security: auth, contract: { operationId: 'sweep', responses: ok(sweepReport, 'What the sweep freed') } } },
    async () => boxOffice.operations.sweep(),
  );

  app.post<{ Querystring: { abandonedAfterMs?: number; settleAfterMs?: number } }>(
    '/admin/reconcile',
    { schema: { summary: 'Settle payments left half-way by crashes or gateway failures', tags, security: auth, querystring: reconcileQuery, contract: { operationId: 'reconcilePayments', responses: ok(reconcileReport, 'What the reconciler settled') } } },
    async (request) => boxOffice.operations.reconcilePayments(request.query),
  );
}
