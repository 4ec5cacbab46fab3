import { publicTicket } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { claimsIfAny } from '../auth/bearer.js';
import type { EventSnapshot } from '../cache/event-snapshot.js';
import { sendRendered } from '../cache/send.js';
import type { RouteDeps } from '../route-deps.js';
import { eventParams, listEventsQuery } from '../schemas/events.js';
import { cachedView } from '../contract.js';
import { eventPage } from '../schemas/responses/pages.js';
import { paged, sendPage } from './paged.js';
import { compactAvailability, compactLayout } from '../schemas/responses/operations.js';
import { eventList, eventView, ticketList } from '../schemas/responses/catalog.js';

/** Views are public and may be stale for a bounded time (see ViewCache); a CDN may keep them briefly. */
export const VIEW_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=5';
export const LAYOUT_CACHE_CONTROL = 'public, max-age=60';

type EventParams = { Params: { eventId: string } };

/** hit: this process had it; shared: another process built it (Redis); miss: read from the store. */
const resultOf = (snapshot: EventSnapshot, hit: boolean) => (hit ? 'hit' : snapshot.fromShared ? 'shared' : 'miss');

export function eventRoutes(app: FastifyInstance, { boxOffice, cache, metrics, secret }: RouteDeps): void {
  app.get<{ Querystring: { page?: number; pageSize?: number; includePast?: boolean } }>(
    '/events',
    { schema: { summary: 'List events (those that have ended only with includePast=true)', tags: ['events'], querystring: listEventsQuery, contract: { operationId: 'listEvents', responses: paged(eventList, eventPage, 'Events, a page') } } },
    async (request, reply) => sendPage(request, reply, await boxOffice.events.list(request.query)),
  );

  app.get<EventParams>(
    '/events/:eventId',
    { schema: { summary: 'The event with its venue, performers and tickets (the seed view; cached, ETag)', tags: ['events'], params: eventParams, contract: { operationId: 'getEvent', responses: cachedView(eventView, 'The event with its venue, performers and tickets') } } },
    async (request, reply) => {
      const { snapshot, hit } = await cache.get(request.params.eventId);
      metrics.viewCache.inc({ view: 'event', result: resultOf(snapshot, hit) });
      return sendRendered(request, reply, snapshot.full, VIEW_CACHE_CONTROL);
    },
  );

  app.get<EventParams>(
    '/events/:eventId/layout',
    { schema: { summary: 'The static seat layout, compact and long-cacheable', tags: ['events'], params: eventParams, contract: { operationId: 'getEventLayout', responses: cachedView(compactLayout, 'The seat layout, in columns') } } },
    async (request, reply) => {
      const { rendered, hit } = await cache.layout(request.params.eventId);
      metrics.viewCache.inc({ view: 'layout', result: hit ? 'hit' : 'miss' });
      return sendRendered(request, reply, rendered, LAYOUT_CACHE_CONTROL);
    },
  );

  app.get<EventParams>(
    '/events/:eventId/availability',
    { schema: { summary: "Compact availability: one status letter per ticket, in the layout's order", tags: ['events'], params: eventParams, contract: { operationId: 'getEventAvailability', responses: cachedView(compactAvailability, 'One status letter per ticket') } } },
    async (request, reply) => {
      const { snapshot, hit } = await cache.get(request.params.eventId);
      metrics.viewCache.inc({ view: 'availability', result: resultOf(snapshot, hit) });
      return sendRendered(request, reply, snapshot.availability, VIEW_CACHE_CONTROL);
    },
  );

  app.get<EventParams>(
    '/events/:eventId/tickets',
    {
      schema: {
        summary: "The event's tickets: cached like the event view (ETag) for anonymous callers, read fresh from the store with a token; holdId and bookingId only for an admin",
        tags: ['events'],
        params: eventParams,
        contract: { operationId: 'getEventTickets', optionalAuth: true, responses: cachedView(ticketList, "The event's tickets (with a token: read fresh, private, no ETag)") },
      },
    },
    async (request, reply) => {
      // A token holder (the remote client's getTickets) reads the store: counted by its per-user
      // limit. Only an admin sees whose holds and bookings took the seats; others, seat status.
      const claims = claimsIfAny(request, secret);
      if (claims) {
        reply.header('cache-control', 'private, no-store').header('vary', 'Authorization');
        const tickets = await boxOffice.events.tickets(request.params.eventId);
        return claims.role === 'admin' ? tickets : tickets.map(publicTicket);
      }
      // Anonymous, and megabytes on a stadium: rendered once per view, never once per request.
      const { snapshot, hit } = await cache.get(request.params.eventId);
      metrics.viewCache.inc({ view: 'tickets', result: resultOf(snapshot, hit) });
      return sendRendered(request, reply, snapshot.tickets, VIEW_CACHE_CONTROL, 'Authorization, Accept-Encoding');
    },
  );
}
