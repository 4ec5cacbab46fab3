import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Rendered } from './rendered.js';

/** True when the request's If-None-Match names this validator (weak comparison, or `*`). */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}

/**
 * Sends a rendered JSON body with its validator and caching policy: 304 when the client has
 * it already, gzip when the client takes it and the body is worth compressing.
 */
export async function sendRendered(request: FastifyRequest, reply: FastifyReply, rendered: Rendered, cacheControl: string, vary = 'Accept-Encoding'): Promise<FastifyReply> {
  reply.header('etag', rendered.etag).header('cache-control', cacheControl).header('vary', vary);
  if (notModified(request, rendered.etag)) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  const accepts = request.headers['accept-encoding'];
  if (rendered.compressible && typeof accepts === 'string' && /\bgzip\b/i.test(accepts)) {
    const body = await rendered.gzip();
    return reply.header('content-encoding', 'gzip').send(body);
  }
  return reply.send(rendered.body);
}
