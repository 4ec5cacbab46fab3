import { BoxOfficeError, HEADERS, claimLeased, fingerprintOf, type HeldIdempotencyKey, type IdempotencyStore } from '@boxoffice/sdk';
import type { FastifyInstance, FastifyRequest, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { claimsIfAny, ON_BEHALF_HEADER } from './auth/bearer.js';
import { idempotencyKeyOf } from './headers.js';

/** POST routes whose SDK call takes the key itself (with its own scope, and replay of the result). */
const SDK_KEYED: ReadonlySet<string> = new Set([
  '/holds',
  '/holds/:holdId/confirm',
  '/bookings/:eventId',
  '/bookings/:bookingId/cancel',
  '/admin/events/:eventId/inventory/block',
  '/admin/events/:eventId/inventory/release',
  '/admin/events/:eventId/inventory/reprice',
]);

/** A first response, as a retry gets it back. */
interface StoredResponse {
  status: number;
  contentType?: string;
  location?: string;
  body: string;
}

const claimed = new WeakMap<FastifyRequest, HeldIdempotencyKey>();

/**
 * `Idempotency-Key` on every other POST, with the SDK's semantics (services/idempotency.ts):
 * the same key and the same request (route, path and query parameters, body, X-On-Behalf-Of)
 * gets the first response back — status, body, Location — with `Idempotent-Replayed: true`;
 * the same key with another request is 422 IDEMPOTENCY_MISMATCH; while the first is still
 * running, 409 IDEMPOTENCY_IN_PROGRESS. A 5xx is not remembered (a retry may succeed), every
 * other answer is. Keys are per user (the token's) and route, kept in the store, so every process
 * of a deployment sees them. POSTs that need no token (the guest sign-in) validate the header
 * but do not deduplicate: they have nobody to scope a key to.
 */
export function installIdempotency(app: FastifyInstance, secret: string, store: IdempotencyStore): void {
  // preHandler: after the route scope's token check and the body's validation, so only
  // authorized, well-formed requests claim a key.
  const claim: preHandlerAsyncHookHandler = async function (request, reply) {
    const { idempotencyKey: key } = idempotencyKeyOf(request);
    const route = request.routeOptions.url;
    if (key === undefined || route === undefined || SDK_KEYED.has(route)) return;
    const claims = claimsIfAny(request, secret);
    if (!claims) return;
    const scope = `http:${claims.userId}:POST ${route}`;
    const fingerprint = fingerprintOf({ params: request.params ?? null, query: request.query ?? null, body: request.body ?? null, onBehalfOf: request.headers[ON_BEHALF_HEADER] ?? null });
    const state = await claimLeased(store, { scope, key, fingerprint });
    switch (state.state) {
      case 'mismatch':
        throw new BoxOfficeError('IDEMPOTENCY_MISMATCH', `idempotencyKey ${key} was already used for a different request`, { field: 'idempotencyKey' });
      case 'in-progress':
        throw new BoxOfficeError('IDEMPOTENCY_IN_PROGRESS', `a request with idempotencyKey ${key} is still running; retry shortly`, { field: 'idempotencyKey' });
      case 'done': {
        const first = state.response as StoredResponse;
        reply.code(first.status).header(HEADERS.idempotentReplayed, 'true');
        if (first.contentType) reply.header('content-type', first.contentType);
        if (first.location) reply.header('location', first.location);
        return reply.send(first.body);
      }
      case 'new':
        claimed.set(request, state.held);
    }
  };

  // onSend: the answer is final (a handler's error is a problem by now), so it is what a retry gets.
  const record: onSendAsyncHookHandler<unknown> = async function (request, reply, payload) {
    const claim = claimed.get(request);
    if (!claim) return payload;
    claimed.delete(request);
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
    if (reply.statusCode >= 500 || body === undefined) {
      await claim.release().catch(() => undefined);
      return payload;
    }
    const header = (name: string) => {
      const value = reply.getHeader(name);
      return value === undefined ? {} : { [name === 'content-type' ? 'contentType' : name]: String(value) };
    };
    const first: StoredResponse = { status: reply.statusCode, ...header('content-type'), ...header('location'), body };
    try {
      await claim.complete(first);
    } catch (error) {
      // Not remembered: a retry runs the request again, as it would after a crash here.
      request.log.warn({ err: error }, 'idempotency key not recorded');
      await claim.release().catch(() => undefined);
    }
    return payload;
  };


  // Only POST routes get the hooks: GETs (the cached views, the 304 path) pay nothing for them.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    route.preHandler = [...asArray(route.preHandler), claim];
    route.onSend = [...asArray(route.onSend), record];
  });
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
