import { BoxOfficeError } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';

export interface HstsOptions {
  /** How long browsers remember to use HTTPS only (default one year). */
  maxAgeSeconds?: number;
  /** Also every subdomain (default false: only when all of them serve HTTPS). */
  includeSubDomains?: boolean;
}

const ONE_YEAR_SECONDS = 365 * 86_400;

/** The `Strict-Transport-Security` value, or undefined when HSTS is off. */
export function hstsHeader(options: HstsOptions | boolean | undefined): string | undefined {
  if (options === undefined || options === false) return undefined;
  const o = options === true ? {} : options;
  const maxAge = o.maxAgeSeconds ?? ONE_YEAR_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0) throw new BoxOfficeError('VALIDATION', 'hsts.maxAgeSeconds: must be a whole number of seconds', { field: 'hsts.maxAgeSeconds' });
  return `max-age=${maxAge}${o.includeSubDomains ? '; includeSubDomains' : ''}`;
}

/**
 * Headers every response carries — API answers, problems, 404s, 304s, 429/503s and the web
 * pages' files alike: `nosniff` (a browser must not run a JSON or problem body as a script or
 * page), `no-referrer` (URLs with event ids or tokens do not leak to other sites), and HSTS
 * only when configured (it binds browsers to HTTPS for its max-age: the deployment's call).
 * Set in `onRequest`, before any hook can answer, so no early reply goes out without them.
 */
export function installSecurityHeaders(app: FastifyInstance, hsts: HstsOptions | boolean | undefined): void {
  const sts = hstsHeader(hsts);
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (sts !== undefined) reply.header('strict-transport-security', sts);
  });
}
