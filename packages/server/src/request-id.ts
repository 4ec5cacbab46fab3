import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The header a request id arrives in (from a proxy or a client) and is answered in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may be to be kept: short, and only characters that cannot forge a log
 * line or a header (UUIDs, ULIDs, hex, base64 and a proxy's `host-1234` ids all fit).
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:~+/=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is sane, so one id follows a
 * request from a load balancer or a client through this server's logs; otherwise (absent,
 * too long, odd characters, repeated) a fresh UUID, unique across every process of a
 * deployment (Fastify's own `req-1`, `req-2`... restart at each process). Used with
 * `requestIdHeader: false`, which stops Fastify taking the header as it is.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Puts the request's id on a reply (every answer carries it, problems and early refusals too). */
export function answerWithRequestId(request: FastifyRequest, reply: FastifyReply): void {
  reply.header(REQUEST_ID_HEADER, request.id);
}

/**
 * `X-Request-Id` on every response, set in `onRequest` before any hook can answer early (load
 * shedding, rate limits), so a user can quote the id of any answer; the logs carry it as `reqId`.
 */
export function installRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    answerWithRequestId(request, reply);
  });
}
