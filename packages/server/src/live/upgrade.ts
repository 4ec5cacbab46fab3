import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIdOf, verifyToken, type TokenClaims } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../auth/bearer.js';
import { problem, problemOf, type Problem } from '../problem.js';
import type { DomainFeed } from './feed.js';
import type { LiveHub } from './hub.js';

const LIVE_PATH = /^\/events\/([^/?#]+)\/live\/?(?:\?.*)?$/;
const FEED_PATH = /^\/live\/?(?:\?.*)?$/;

/** Answers an upgrade request that cannot be accepted with a plain HTTP problem response. */
function refuse(socket: Duplex, p: Problem): void {
  const body = JSON.stringify(p);
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[p.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${p.status} ${reason}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The bearer token of an upgrade: the Authorization header, or `access_token` (browsers cannot set headers). */
function tokenOf(request: IncomingMessage): string | undefined {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer !== undefined) return bearer;
  const query = (request.url ?? '').split('?')[1];
  return query === undefined ? undefined : (new URLSearchParams(query).get('access_token') ?? undefined);
}

/**
 * `WS /events/:eventId/live` and `WS /live` on the Fastify server's own HTTP server: the
 * event is loaded (404 for an unknown one, 400 for a malformed id), or the token checked,
 * before the socket is accepted.
 */
export function attachLive(app: FastifyInstance, hub: LiveHub, feed: DomainFeed, secret: string): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (FEED_PATH.test(request.url ?? '')) {
      let claims: TokenClaims;
      try {
        claims = verifyToken(secret, tokenOf(request) ?? '');
      } catch (error) {
        return refuse(socket, problemOf(error));
      }
      return wss.handleUpgrade(request, socket, head, (ws) => feed.add(ws, claims));
    }
    const match = LIVE_PATH.exec(request.url ?? '');
    if (!match) return refuse(socket, problem('NOT_FOUND', `no WebSocket route ${request.url?.slice(0, 200) ?? ''}`));
    let eventId: string;
    try {
      eventId = decodeURIComponent(match[1]!);
    } catch {
      eventId = '';
    }
    if (!isIdOf('event', eventId)) return refuse(socket, problem('VALIDATION', 'eventId: must be a event id', { field: 'eventId' }));
    hub.channel(eventId).then(
      () => wss.handleUpgrade(request, socket, head, (ws) => hub.join(eventId, ws)),
      (error: unknown) => refuse(socket, problemOf(error)),
    );
  });
  return wss;
}
