import type { BoxOffice } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { actingUser, requireAdmin, requireClaims } from '../auth/bearer.js';
import type { RouteDeps } from '../route-deps.js';
import { eventParams } from '../schemas/events.js';
import { drawQuery, queueJoinBody, queueSettingsBody } from '../schemas/queue.js';
import { ok, type ResponseHeader } from '../contract.js';
import { admitReports, drawOrder, queueBoard, queueStats, queueTicket } from '../schemas/responses/queue.js';
import { BOARD_CACHE_CONTROL, BoardCache } from '../cache/board-cache.js';
import { sendRendered } from '../cache/send.js';
import { cachedView } from '../contract.js';

type EventParams = { Params: { eventId: string } };
type Settings = Parameters<BoxOffice['configureQueue']>[1];

const auth = [{ bearer: [] }];
const tags = ['queue'];

/** The buyer's side of an event's virtual waiting queue (a token names the buyer). */
export function queueRoutes(app: FastifyInstance, { boxOffice, secret }: RouteDeps): void {
  const user = (summary: string, operationId: string, headers: readonly ResponseHeader[] = []) => ({
    schema: { summary, tags, security: auth, params: eventParams, contract: { operationId, responses: ok(queueTicket, 'Where the user stands', headers), errors: [409] as const } },
    onRequest: async (request: Parameters<typeof requireClaims>[0]) => void requireClaims(request, secret),
  });

  // Public and the same for everyone: a CDN carries it, and this process reads it once a second.
  const boards = new BoardCache((eventId) => boxOffice.queue.board(eventId));
  app.get<EventParams>(
    '/events/:eventId/queue',
    {
      schema: {
        summary: "What anyone may see of the event's queue: the admitted counter, the measured rate, paused, sold out (cacheable for a second; position = your receipt's number − counter)",
        tags,
        params: eventParams,
        contract: { operationId: 'getQueueBoard', responses: cachedView(queueBoard, 'The queue board') },
      },
    },
    async (request, reply) => sendRendered(request, reply, await boards.get(request.params.eventId), BOARD_CACHE_CONTROL),
  );

  // The body is optional (most joins send none); the SDK checks the receipt's signature and owner.
  const join = user('Join the waiting queue (idempotent: the same number back). After a QUEUE_RESET, send { receipt } of an earlier join to get its number back', 'joinQueue');
  app.post<EventParams & { Body: { receipt?: string } | undefined }>(
    '/events/:eventId/queue/join',
    {
      ...join,
      schema: { ...join.schema, body: queueJoinBody },
      // No body at all is a plain join (the schema alone would refuse it as "must be object").
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const receipt = request.body?.receipt;
      const userId = actingUser(request, secret);
      const eventId = request.params.eventId;
      return boxOffice.queue.join(receipt === undefined ? { eventId, userId } : { eventId, userId, receipt });
    },
  );
  app.get<EventParams>('/events/:eventId/queue/me', user('My place in the queue (a look, not a heartbeat)', 'getQueuePosition', ['Cache-Control']), async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return boxOffice.queue.status({ eventId: request.params.eventId, userId: actingUser(request, secret) });
  });
  app.post<EventParams>('/events/:eventId/queue/heartbeat', user('A sign of life: users not heard from lose their turn', 'queueHeartbeat'), async (request) =>
    boxOffice.queue.heartbeat({ eventId: request.params.eventId, userId: actingUser(request, secret) }),
  );
  app.post<EventParams>('/events/:eventId/queue/leave', user('Leave the line, or give up an admission', 'leaveQueue'), async (request) =>
    boxOffice.queue.leave({ eventId: request.params.eventId, userId: actingUser(request, secret) }),
  );
  app.get<EventParams & { Querystring: { offset?: number; limit?: number } }>(
    '/events/:eventId/queue/draw',
    { schema: { summary: "A randomized queue's draw: the seed's hash, the seed once drawn, and the order as per-user commitments (no user ids)", tags, params: eventParams, querystring: drawQuery, contract: { operationId: 'getQueueDraw', responses: ok(drawOrder, 'The draw: seed hash, seed once drawn, per-user commitments in drawn order'), errors: [409] } } },
    async (request) => boxOffice.queue.drawOrder(request.params.eventId, request.query),
  );
}

/** The operator's side: configure, pause, resume, watch, and run an admission tick. */
export function queueAdminRoutes(app: FastifyInstance, { boxOffice, secret }: RouteDeps): void {
  app.addHook('onRequest', async (request) => {
    requireAdmin(request, secret);
  });
  app.put<EventParams & { Body: Settings }>(
    '/admin/events/:eventId/queue',
    { schema: { summary: "Create or change an event's queue (a patch over the current settings)", tags, security: auth, params: eventParams, body: queueSettingsBody, contract: { operationId: 'configureQueue', responses: ok(queueStats, 'The queue'), errors: [409] } } },
    async (request) => boxOffice.queue.configure(request.params.eventId, request.body),
  );
  app.post<EventParams>('/admin/events/:eventId/queue/pause', { schema: { summary: 'Stop admitting (joins continue)', tags, security: auth, params: eventParams, contract: { operationId: 'pauseQueue', responses: ok(queueStats, 'The queue, paused'), errors: [409] } } }, async (request) =>
    boxOffice.queue.pause(request.params.eventId),
  );
  app.post<EventParams>('/admin/events/:eventId/queue/resume', { schema: { summary: 'Admit again', tags, security: auth, params: eventParams, contract: { operationId: 'resumeQueue', responses: ok(queueStats, 'The queue, admitting'), errors: [409] } } }, async (request) =>
    boxOffice.queue.resume(request.params.eventId),
  );
  app.get<EventParams>('/admin/events/:eventId/queue', { schema: { summary: "The queue's settings, counters and measured rate", tags, security: auth, params: eventParams, contract: { operationId: 'getQueueStats', responses: ok(queueStats, 'The queue'), errors: [409] } } }, async (request) =>
    boxOffice.queue.stats(request.params.eventId),
  );
  app.post('/admin/queues/admit', { schema: { summary: 'One admission tick over every queue', tags, security: auth, contract: { operationId: 'admitQueues', responses: ok(admitReports, 'Each queue’s tick') } } }, async () => boxOffice.queue.admit());
}
