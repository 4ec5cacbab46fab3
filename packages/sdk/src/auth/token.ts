import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoxOfficeError } from '../domain/errors.js';
import { isUserId } from '../domain/ids.js';
import type { Role } from '../domain/types.js';

/**
 * Bearer tokens for a deployment: compact, HMAC-SHA256 signed with the deployment secret
 * (`BOXOFFICE_SECRET`), carrying the user id, the role and the expiry.
 *
 *   bo1.<base64url(JSON {"sub","role","exp"})>.<base64url(HMAC-SHA256(secret, "bo1." + payload))>
 *
 * `exp` is in epoch seconds. The payload is readable by anyone (it is not encrypted): it holds
 * no secret, only who the bearer is. Whoever has the secret can mint tokens: keep it secret.
 */
export interface TokenClaims {
  readonly userId: string;
  readonly role: Role;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const VERSION = 'bo1';
/** Shortest secret accepted: 16 bytes (use 32 random bytes in production). */
export const MIN_SECRET_LENGTH = 16;
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;
const MAX_TOKEN_LENGTH = 2048;

export interface SignTokenOptions {
  userId: string;
  role?: Role;
  /** Lifetime in seconds (default one day). */
  ttlSeconds?: number;
  /** The clock, epoch ms (default Date.now()). */
  now?: number;
}

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new BoxOfficeError('VALIDATION', `secret: must be at least ${MIN_SECRET_LENGTH} characters (set BOXOFFICE_SECRET)`, { field: 'secret' });
  }
}

function mac(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/** Mints a token for `userId` with `role` (default `user`), valid for `ttlSeconds`. */
export function signToken(secret: string, options: SignTokenOptions): string {
  checkSecret(secret);
  if (!isUserId(options.userId)) {
    throw new BoxOfficeError('VALIDATION', 'userId: must be a user id (1-128 of A-Z a-z 0-9 _ . @ : -)', { field: 'userId' });
  }
  const role = options.role ?? 'user';
  if (role !== 'user' && role !== 'admin') throw new BoxOfficeError('VALIDATION', 'role: must be user or admin', { field: 'role' });
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 366 * 86_400) {
    throw new BoxOfficeError('VALIDATION', 'ttlSeconds: must be an integer from 1 to 31622400', { field: 'ttlSeconds' });
  }
  const exp = Math.floor((options.now ?? Date.now()) / 1000) + ttl;
  const payload = Buffer.from(JSON.stringify({ sub: options.userId, role, exp })).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

function unauthorized(message: string): BoxOfficeError {
  return new BoxOfficeError('UNAUTHORIZED', message, { field: 'authorization' });
}

/**
 * Checks a token's signature and expiry and returns its claims; any failure is UNAUTHORIZED
 * (the message says why, never echoing the token).
 */
export function verifyToken(secret: string, token: string, now: number = Date.now()): TokenClaims {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw unauthorized('malformed token');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw unauthorized('malformed token');
  const [, payload = '', signature = ''] = parts;
  const expected = Buffer.from(mac(secret, `${VERSION}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('bad token signature');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized('malformed token');
  }
  const c = claims as { sub?: unknown; role?: unknown; exp?: unknown };
  if (!isUserId(c.sub) || (c.role !== 'user' && c.role !== 'admin') || typeof c.exp !== 'number' || !Number.isFinite(c.exp)) {
    throw unauthorized('malformed token claims');
  }
  if (c.exp * 1000 <= now) throw unauthorized('token expired');
  return { userId: c.sub, role: c.role, expiresAt: c.exp * 1000 };
}

/**
 * Reads a token's claims WITHOUT checking its signature: for clients that want to know whom
 * their own token names. Never use it to authorize anything.
 */
export function peekToken(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; role?: unknown; exp?: unknown };
    if (!isUserId(c.sub) || (c.role !== 'user' && c.role !== 'admin') || typeof c.exp !== 'number') return null;
    return { userId: c.sub, role: c.role, expiresAt: c.exp * 1000 };
  } catch {
    return null;
  }
}
