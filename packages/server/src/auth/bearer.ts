import { BoxOfficeError, HEADERS, isUserId, verifyToken, type TokenClaims } from '@boxoffice/sdk';
import type { FastifyRequest } from 'fastify';

/** Header an admin sends to act for a user (support, the CLI on a customer's behalf). */
export const ON_BEHALF_HEADER = HEADERS.onBehalfOf;

/** The token of an `Authorization: Bearer <token>` header (undefined for any other shape). */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return /^Bearer ([^\s]+)$/i.exec(header)?.[1];
}

/**
 * Each request's verified claims, or why it has none: the token's HMAC is checked once per
 * request, however many hooks and handlers ask (rate limit, the route scope's check, the handler).
 */
const verified = new WeakMap<FastifyRequest, TokenClaims | BoxOfficeError>();

function verifyOnce(request: FastifyRequest, secret: string): TokenClaims | BoxOfficeError {
  const known = verified.get(request);
  if (known !== undefined) return known;
  const header = request.headers.authorization;
  const token = bearerToken(header);
  let outcome: TokenClaims | BoxOfficeError;
  if (header === undefined || header === '') {
    outcome = new BoxOfficeError('UNAUTHORIZED', 'authorization: a bearer token is required', { field: 'authorization' });
  } else if (token === undefined) {
    outcome = new BoxOfficeError('UNAUTHORIZED', 'authorization: expected "Bearer <token>"', { field: 'authorization' });
  } else {
    try {
      outcome = verifyToken(secret, token);
    } catch (error) {
      if (!(error instanceof BoxOfficeError)) throw error;
      outcome = error;
    }
  }
  verified.set(request, outcome);
  return outcome;
}

/** Who is calling: the verified claims of the bearer token. Throws UNAUTHORIZED without one. */
export function requireClaims(request: FastifyRequest, secret: string): TokenClaims {
  const outcome = verifyOnce(request, secret);
  if (outcome instanceof BoxOfficeError) throw outcome;
  return outcome;
}

/** The caller's claims when the request carries a valid token, else undefined (the route's own check answers 401). */
export function claimsIfAny(request: FastifyRequest, secret: string): TokenClaims | undefined {
  const outcome = verifyOnce(request, secret);
  return outcome instanceof BoxOfficeError ? undefined : outcome;
}

export function requireAdmin(request: FastifyRequest, secret: string): TokenClaims {
  const claims = requireClaims(request, secret);
  if (claims.role !== 'admin') throw new BoxOfficeError('FORBIDDEN', 'this route needs an admin token', { field: 'authorization' });
  return claims;
}

function onBehalfOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[ON_BEHALF_HEADER];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!isUserId(value)) throw new BoxOfficeError('VALIDATION', 'userId: must be a user id (1-128 of A-Z a-z 0-9 _ . @ : -)', { field: 'userId' });
  return value;
}

/**
 * The user a mutation acts for: the token's user, or — for an admin only — the user named in
 * `X-On-Behalf-Of`. A user naming someone else there is FORBIDDEN.
 */
export function actingUser(request: FastifyRequest, secret: string): string {
  const claims = requireClaims(request, secret);
  const other = onBehalfOf(request);
  if (other === undefined || other === claims.userId) return claims.userId;
  if (claims.role !== 'admin') throw new BoxOfficeError('FORBIDDEN', 'only an admin may act on behalf of another user', { field: 'userId' });
  return other;
}

/**
 * Whose records a read may see: a user sees their own; an admin sees everyone's (undefined),
 * or one user's when `X-On-Behalf-Of` names them.
 */
export function readerScope(request: FastifyRequest, secret: string): string | undefined {
  const claims = requireClaims(request, secret);
  const other = onBehalfOf(request);
  if (claims.role === 'admin') return other;
  if (other !== undefined && other !== claims.userId) throw new BoxOfficeError('FORBIDDEN', 'only an admin may act on behalf of another user', { field: 'userId' });
  return claims.userId;
}
