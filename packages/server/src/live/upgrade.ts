import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIdOf, verifyToken, type TokenClaims } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../auth/bearer.js';
import { clientAddress, trustFunction, type TrustProxy } from '../client-address.js';
import { problem, problemOf, PROBLEM_CONTENT_TYPE, type Problem } from '../problem.js';
import { requestIdOf } from '../request-id.js';
import type { DomainFeed } from './feed.js';
import type { LiveHub } from './hub.js';
import type { SocketGuard } from './socket-guard.js';

const LIVE_PATH = /^\/events\/([^/?#]+)\/live\/?(?:\?.*)?$/;
const FEED_PATH = /^\/live\/?(?:\?.*)?$/;

/** Answers an upgrade request that cannot be accepted with a plain HTTP problem response. */
function refuse(socket: Duplex, request: IncomingMessage, refusal: Problem): void {
  // An upgrade is no Fastify request: its id is made here, as genReqId would (request-id.ts).
  const requestId = requestIdOf(request);
  const p = { ...refusal, requestId };
  const body = JSON.stringify(p);
  const retry = p.status === 429 || p.status === 503 ? 'Retry-After: 1\r\n' : '';
  socket.end(
    `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? 'Error'}\r\nConnection: close\r\n${retry}X-Request-Id: ${requestId}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The bearer token of an upgrade: the Authorization header, or `access_token` (browsers cannot set headers). */
function tokenOf(request: IncomingMessage): string | undefined {
  const bearer = bearerToken(request.headers.authorization);
  if (bearer !== undefined) return bearer;
  const query = (request.url ?? '').split('?')[1];
  return query === undefined ? undefined : (new URLSearchParams(query).get('access_token') ?? undefined);
}

export interface LiveUpgradeDeps {
  hub: LiveHub;
  feed: DomainFeed;
  guard: SocketGuard;
  secret: string;
  trustProxy: TrustProxy;
}

/**
 * `WS /events/:eventId/live` and `WS /live` on the Fastify server's own HTTP server. Before
 * a socket is accepted: a slot under the per-address and per-process caps (429 / 503), the
 * token checked (required on `/live`; on an event's channel optional, but a bad one is 401,
 * not silently anonymous), and the event loaded (404 unknown, 400 malformed id).
 */
export function attachLive(app: FastifyInstance, { hub, feed, guard, secret, trustProxy }: LiveUpgradeDeps): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const trust = trustFunction(trustProxy);
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const slot = guard.reserve(clientAddress(request, trust));
    if ('refused' in slot) return refuse(socket, request, slot.refused);
    // The slot is held exactly as long as the TCP connection, whatever becomes of the upgrade.
    socket.once('close', slot.release);

    const token = tokenOf(request);
    let claims: TokenClaims | undefined;
    if (token !== undefined || FEED_PATH.test(request.url ?? '')) {
      try {
        claims = verifyToken(secret, token ?? '');
      } catch (error) {
        return refuse(socket, request, problemOf(error));
      }
    }
    if (FEED_PATH.test(request.url ?? '')) {
      const feedClaims = claims!;
      return wss.handleUpgrade(request, socket, head, (ws) => {
        guard.track(ws, feedClaims);
        feed.add(ws, feedClaims);
      });
    }
    const match = LIVE_PATH.exec(request.url ?? '');
    if (!match) return refuse(socket, request, problem('NOT_FOUND', `no WebSocket route ${request.url?.slice(0, 200) ?? ''}`));
    let eventId: string;
    try {
      eventId = decodeURIComponent(match[1]!);
    } catch {
      eventId = '';
    }
    if (!isIdOf('event', eventId)) return refuse(socket, request, problem('VALIDATION', 'eventId: must be a event id', { field: 'eventId' }));
    hub.channel(eventId).then(
      () =>
        wss.handleUpgrade(request, socket, head, (ws) => {
          guard.track(ws, claims);
          hub.join(eventId, ws);
        }),
      (error: unknown) => refuse(socket, request, problemOf(error)),
    );
  });
  return wss;
}
