import { MIN_SECRET_LENGTH, BoxOfficeError, MemoryStore } from '@boxoffice/sdk';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { ViewCache } from './cache/view-cache.js';
import { installIdempotency } from './idempotency.js';
import { DomainFeed } from './live/feed.js';
import { LiveHub } from './live/hub.js';
import { SocketGuard } from './live/socket-guard.js';
import { attachLive } from './live/upgrade.js';
import { Metrics } from './metrics.js';
import type { ServerOptions } from './options.js';
import { aboutRequest, problem, problemOf, PROBLEM_CONTENT_TYPE } from './problem.js';
import { answerWithRequestId, installRequestId, requestIdOf } from './request-id.js';
import type { RouteDeps } from './route-deps.js';
import { adminRoutes } from './routes/admin.js';
import { inventoryRoutes } from './routes/inventory.js';
import { bookingRoutes } from './routes/bookings.js';
import { eventRoutes } from './routes/events.js';
import { holdRoutes } from './routes/holds.js';
import { collectRoutes, openApiDocument } from './routes/openapi.js';
import { opsRoutes } from './routes/ops.js';
import { queueAdminRoutes, queueRoutes } from './routes/queue.js';
import { searchRoutes } from './routes/search.js';
import { webhookRoutes } from './routes/webhooks.js';
import type {} from './fastify-schema.js';
import { installRateLimits } from './rate-limit/install.js';
import { installSecurityHeaders } from './security-headers.js';
import { installShedding } from './shedding.js';
import { validatorCompiler } from './validation.js';
import { VERSION } from './version.js';
import { webRoutes } from './web/register.js';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The HTTP server over a BoxOffice: the seed's routes, holds, bookings, admin, operations.
 * Returns the Fastify instance un-listened: `inject()` it in tests, `listen()` it to serve
 * (or use `startServer`). Closing it unsubscribes from the bus; it never closes the BoxOffice.
 */
export function createServer(options: ServerOptions): FastifyInstance {
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw new BoxOfficeError('VALIDATION', `secret: must be at least ${MIN_SECRET_LENGTH} characters (set BOXOFFICE_SECRET)`, { field: 'secret' });
  }
  const app = Fastify({
    logger: options.logger ?? { level: process.env.LOG_LEVEL ?? 'info' },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // Ids are at most ~70 characters; anything much longer is refused before routing.
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Every request gets an id (a sane incoming X-Request-Id, or a UUID): in every log line of
    // the request (reqId), in the X-Request-Id answer header and in problem bodies.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // A path that is not valid percent-encoding (`/holds/%zz`) or with a segment past
    // maxParamLength fails in the router, before any route: a problem naming the path, like
    // every other bad input, not Fastify's own body.
    frameworkErrors: (error, request, reply) => {
      const where = aboutRequest(request);
      const p =
        error.code === 'FST_ERR_BAD_URL'
          ? problem('VALIDATION', 'path: not a valid URL (bad percent-encoding)', { field: 'path', ...where })
          : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? problem('VALIDATION', 'path: a segment is too long', { status: 414, field: 'path', ...where })
            : problemOf(error, where);
      // No onRequest hook runs for a request the router refused: the id header is set here.
      answerWithRequestId(request, reply as FastifyReply);
      // Typed here against no route's schema: a plain reply is what Fastify hands over.
      void (reply as FastifyReply).code(p.status).type(PROBLEM_CONTENT_TYPE).send(p);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  // JSON only: any other body is 415, not a string that fails validation further on.
  app.removeContentTypeParser('text/plain');

  // First: the hooks after them may answer early (shedding, limits), and those answers need them too.
  installRequestId(app);
  installSecurityHeaders(app, options.hsts);
  installShedding(app, options.shedding);
  installRateLimits(app, options.secret, options.rateLimit);
  installIdempotency(app, options.secret, options.idempotency ?? new MemoryStore());
  const metrics = new Metrics({ defaultMetrics: options.defaultMetrics ?? true, ...(options.storeCallAgeMs ? { storeCallAgeMs: options.storeCallAgeMs } : {}) });
  const cache = new ViewCache((eventId) => options.boxOffice.events.get(eventId), options.cache);
  const deps: RouteDeps = { boxOffice: options.boxOffice, secret: options.secret, cache, metrics };
  app.server.on('connection', (socket) => {
    metrics.httpConnectionsAccepted.inc();
    metrics.httpConnections.inc();
    socket.once('close', () => metrics.httpConnections.dec());
  });

  // Graceful close: answers still in flight tell their client to drop the connection, so
  // keep-alive sockets do not hold the close open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  // A reprice changes the layout (prices), not a status: drop the event's cached view and layout.
  const unsubscribeViews = options.boxOffice.subscribe((event) =>
    event.reason === 'reprice' ? cache.drop(event.eventId) : cache.markStale(event.eventId),
  );
  // A queue Redis lost was re-created: logged and counted by the process that did it (once per
  // loss across processes); the others only note that they heard of it.
  const unsubscribeResets = options.boxOffice.queue.subscribe((update) => {
    if (update.type !== 'queue.reset') return;
    const { eventId, generation, resetAt } = update;
    if (update.detectedHere) {
      metrics.queueResets.inc();
      app.log.warn({ eventId, generation, resetAt }, 'waiting queue lost by Redis, re-created from the store: waiting users must join again (receipts keep their places)');
    } else {
      app.log.info({ eventId, generation, resetAt }, 'waiting queue re-created by another process after Redis lost it');
    }
  });
  const unsubscribe = () => {
    unsubscribeViews();
    unsubscribeResets();
  };
  const hub = new LiveHub(options.boxOffice, metrics, options.live);
  const feed = new DomainFeed(options.boxOffice, metrics, options.live?.maxBufferedBytes);
  const guard = new SocketGuard(options.live);
  const wss = attachLive(app, { hub, feed, guard, secret: options.secret, trustProxy: options.trustProxy });
  app.addHook('preClose', async () => {
    // Live sockets are not requests: tell them why and close them, or they hold the close open.
    await hub.close();
    feed.close();
    guard.close();
    wss.close();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    cache.clear();
  });

  app.setErrorHandler((error, request, reply) => {
    const p = problemOf(error, aboutRequest(request));
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    if (p.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
    if (p.status === 503) reply.header('retry-after', '1');
    return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(p);
  });
  app.setNotFoundHandler((request, reply) => {
    const p = problem('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`, aboutRequest(request));
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(p);
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const routes = collectRoutes(app);
  app.register(async (scope) => eventRoutes(scope, deps));
  app.register(async (scope) => searchRoutes(scope, deps));
  app.register(async (scope) => holdRoutes(scope, deps));
  app.register(async (scope) => bookingRoutes(scope, deps));
  app.register(async (scope) => adminRoutes(scope, deps));
  app.register(async (scope) => inventoryRoutes(scope, deps));
  app.register(async (scope) => webhookRoutes(scope, deps, options.webhooks));
  app.register(async (scope) => queueRoutes(scope, deps));
  app.register(async (scope) => queueAdminRoutes(scope, deps));
  app.register(async (scope) => opsRoutes(scope, deps, options.readinessProbes ?? {}));
  app.register(async (scope) => webRoutes(scope, deps, options, options.rateLimit?.store));

  let document: Record<string, unknown> | undefined;
  app.get('/openapi.json', async () => {
    document ??= openApiDocument(routes, { title: 'BoxOffice', version: VERSION });
    return document;
  });
  return app;
}
