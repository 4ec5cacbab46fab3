import { isUserId } from '@boxoffice/sdk';
import type { TokenClaims } from '@boxoffice/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { claimsIfAny, ON_BEHALF_HEADER } from '../auth/bearer.js';
import { tooManyRequests } from './too-many.js';
import { MemoryRateLimitStore, type RateLimitStore } from './store.js';
import { isOpsPath } from '../ops-paths.js';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /**
   * Per token user, on every route that needs a token (default 300 per 10 s; null: off); an
   * admin's calls count against the user named in `X-On-Behalf-Of`, or not at all.
   */
  perUser?: RateLimit | null;
  /** Per client IP, on every route (default off: behind a proxy set `trustProxy`, or every user shares one IP). */
  perIp?: RateLimit | null;
  /**
   * Per client IP, for requests without a valid token (default 300 per 10 s; null: off). A
   * garbage token is anonymous: it must not skip every limit. Behind a proxy, set `trustProxy`
   * so the address is the client's, not the proxy's.
   */
  perAnonymousIp?: RateLimit | null;
  /** Where counts live (default: this process's memory; Redis when `startServer` has `redisUrl`). */
  store?: RateLimitStore;
}

const DEFAULT_PER_USER: RateLimit = { limit: 300, windowMs: 10_000 };
const DEFAULT_PER_ANONYMOUS_IP: RateLimit = { limit: 300, windowMs: 10_000 };

/**
 * Whom a request counts against: the token's user; for an admin acting for a user
 * (`X-On-Behalf-Of`), that user — a backend or load generator driving many users through one
 * admin token is limited per user, as the users themselves would be — and an admin's own calls
 * (operations, audits, admission ticks) not at all: the limit protects the service from one
 * user's client, and an admin token is trusted with everything already.
 */
function userOf(request: FastifyRequest, claims: TokenClaims): string | undefined {
  if (claims.role !== 'admin') return claims.userId;
  const raw = request.headers[ON_BEHALF_HEADER];
  const other = Array.isArray(raw) ? raw[0] : raw;
  return other !== undefined && isUserId(other) ? other : undefined;
}

/**
 * Per-user and per-IP rate limits: past the limit, 429 with Retry-After. A store that fails
 * (Redis down) lets requests through: limits protect the service, they must not take it down.
 */
export function installRateLimits(app: FastifyInstance, secret: string, options: RateLimitOptions = {}): void {
  const perUser = options.perUser === undefined ? DEFAULT_PER_USER : options.perUser;
  const perIp = options.perIp ?? null;
  const perAnonymousIp = options.perAnonymousIp === undefined ? DEFAULT_PER_ANONYMOUS_IP : options.perAnonymousIp;
  if (!perUser && !perIp && !perAnonymousIp) return;
  const store = options.store ?? new MemoryRateLimitStore();
  if (!options.store) app.addHook('onClose', () => store.close());

  app.addHook('onRequest', async (request, reply) => {
    if (isOpsPath(request.url)) return;
    const checks: Array<[string, RateLimit]> = [];
    if (perIp) checks.push([`ip:${request.ip}`, perIp]);
    // Without a valid token (none, or a garbage one) the caller is anonymous: counted by address.
    const claims = claimsIfAny(request, secret);
    if (!claims && perAnonymousIp) checks.push([`anon:${request.ip}`, perAnonymousIp]);
    const user = perUser && claims ? userOf(request, claims) : undefined;
    if (perUser && user !== undefined) checks.push([`user:${user}`, perUser]);
    for (const [key, rule] of checks) {
      let hit: { count: number; resetMs: number };
      try {
        hit = await store.hit(key, rule.windowMs);
      } catch (error) {
        request.log.warn({ err: error }, 'rate limit store unavailable; not limiting');
        return;
      }
      if (hit.count > rule.limit) {
        const scope = key.startsWith('user:') ? 'user' : key.startsWith('anon:') ? 'anonymous' : 'ip';
        return tooManyRequests(request, reply, 'requests', rule, scope, hit.resetMs);
      }
    }
  });
}
