import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerOptions } from 'fastify';

export type TrustProxy = FastifyServerOptions['trustProxy'];
type Trust = (address: string, hop: number) => boolean;

/**
 * The trust function Fastify builds from `trustProxy` (its `request.ip` uses the same rules):
 * the WebSocket upgrade is outside Fastify's routing, so it must compute the same client
 * address itself — or a client could spoof `X-Forwarded-For` on one path and not the other.
 */
export function trustFunction(trustProxy: TrustProxy): Trust | undefined {
  if (trustProxy === undefined || trustProxy === false) return undefined;
  if (typeof trustProxy === 'function') return trustProxy;
  if (trustProxy === true) return () => true;
  // A hop count alone cannot vouch for the peer: like Fastify, trust nobody (fail closed).
  if (typeof trustProxy === 'number') return () => false;
  if (typeof trustProxy === 'string') return proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return proxyAddr.compile(trustProxy);
}

/** The client's address: the peer's, or from `X-Forwarded-For` only through trusted proxies. */
export function clientAddress(request: IncomingMessage, trust: Trust | undefined): string {
  if (trust === undefined) return request.socket.remoteAddress ?? 'unknown';
  return proxyAddr(request, trust);
}
