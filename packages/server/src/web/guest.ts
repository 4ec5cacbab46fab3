import { randomBytes } from 'node:crypto';
import { BoxOfficeError, signToken } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { tooManyRequests } from '../rate-limit/too-many.js';
import type { RateLimit } from '../rate-limit/install.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../rate-limit/store.js';
import { ok } from '../contract.js';
import { guestToken } from '../schemas/responses/operations.js';

/** The demo's "continue as guest". Off unless the server is given `guest` (see ServerOptions). */
export interface GuestOptions {
  /** Lifetime of a guest token (default 3600 s, at most one day). */
  ttlSeconds?: number;
  /** Guest tokens per client IP (default 10 per minute): a route that mints identities must not be a tap. */
  perIp?: RateLimit;
}

const DEFAULT_TTL_SECONDS = 3600;
const MAX_TTL_SECONDS = 86_400;
const DEFAULT_PER_IP: RateLimit = { limit: 10, windowMs: 60_000 };

/**
 * `POST /auth/guest`: a short-lived token for a fresh user id, signed with the deployment
 * secret. Only ever role `user`; the secret itself never leaves the server.
 */
export function guestRoutes(app: FastifyInstance, secret: string, options: GuestOptions, store?: RateLimitStore): void {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new BoxOfficeError('VALIDATION', `guest.ttlSeconds: must be an integer from 60 to ${MAX_TTL_SECONDS}`, { field: 'guest.ttlSeconds' });
  }
  const perIp = options.perIp ?? DEFAULT_PER_IP;
  const counts = store ?? new MemoryRateLimitStore();
  if (!store) app.addHook('onClose', () => counts.close());

  app.post(
    '/auth/guest',
    {
      schema: {
        summary: 'Continue as guest: a short-lived user token (only when the server enables guests; rate-limited per IP)',
        description: 'Answers { token, userId, role: "user", expiresAt }. 404 when the server does not enable guests; 429 past the per-IP limit.',
        tags: ['auth'],
        contract: { operationId: 'createGuestToken', responses: ok(guestToken, 'A user token for a fresh guest id', ['Cache-Control']) },
      },
    },
    async (request, reply) => {
      let hit: { count: number; resetMs: number } | undefined;
      try {
        hit = await counts.hit(`guest:${request.ip}`, perIp.windowMs);
      } catch (error) {
        request.log.warn({ err: error }, 'rate limit store unavailable; not limiting guest tokens');
      }
      if (hit && hit.count > perIp.limit) {
        return tooManyRequests(request, reply, 'guest sign-ins', perIp, 'ip', hit.resetMs);
      }
      const userId = `guest-${randomBytes(9).toString('base64url')}`;
      const now = Date.now();
      const token = signToken(secret, { userId, role: 'user', ttlSeconds, now });
      reply.header('cache-control', 'no-store');
      return { token, userId, role: 'user' as const, expiresAt: new Date(now + ttlSeconds * 1000).toISOString() };
    },
  );
}
