import { HEADERS } from '@boxoffice/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { aboutRequest, problem, PROBLEM_CONTENT_TYPE } from '../problem.js';

/** The answer past a rate limit: 429 RATE_LIMITED, what the limit is, and when to retry. */
export function tooManyRequests(
  request: FastifyRequest,
  reply: FastifyReply,
  what: string,
  limit: { limit: number; windowMs: number },
  scope: string,
  resetMs: number,
): FastifyReply {
  const p = problem('RATE_LIMITED', `too many ${what} (${limit.limit} per ${limit.windowMs / 1000} s); retry later`, {
    details: { limit: limit.limit, windowMs: limit.windowMs, scope },
    ...aboutRequest(request),
  });
  return reply.code(429).header(HEADERS.retryAfter, String(Math.max(1, Math.ceil(resetMs / 1000)))).type(PROBLEM_CONTENT_TYPE).send(p);
}
