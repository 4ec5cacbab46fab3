import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoxOfficeError } from '../domain/errors.js';
import { isIdOf, isUserId } from '../domain/ids.js';

/**
 * Admission tokens: what the queue hands a user whose turn came, and what a hold on a queued
 * event requires. HMAC-SHA256 with the deployment secret over the event, the user, the user's
 * queue number and the expiry:
 *
 *   bq1.<base64url(JSON {"e","u","n","x"})>.<base64url(HMAC-SHA256(secret, "bq1." + payload))>
 *
 * `x` is the expiry in epoch seconds. A token is derived from the queue's record of the
 * admission, so asking again returns the same token, never a second one; the hold also checks
 * the record is still live (not used, given up or expired) on the queue's clock.
 */
export interface AdmissionClaims {
  readonly eventId: string;
  readonly userId: string;
  readonly number: number;
  /** Epoch ms (whole seconds). */
  readonly expiresAt: number;
}

const VERSION = 'bq1';
const MAX_LENGTH = 1024;

/** HMAC-SHA256 of `signed` with the deployment secret, base64url (join receipts sign with it too). */
export function mac(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

export function signAdmission(secret: string, claims: AdmissionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ e: claims.eventId, u: claims.userId, n: claims.number, x: Math.floor(claims.expiresAt / 1000) }),
  ).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

/** QUEUE_TOKEN_INVALID on `admissionToken`, with the reason in the details. */
export function invalidAdmission(reason: string, message: string): BoxOfficeError {
  return new BoxOfficeError('QUEUE_TOKEN_INVALID', message, { field: 'admissionToken', details: { reason } });
}

/** Checks the signature and shape (not the binding or expiry: the caller compares those). */
export function verifyAdmission(secret: string, token: string): AdmissionClaims {
  const { payload, signature } = split(token);
  const expected = Buffer.from(mac(secret, `${VERSION}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidAdmission('signature', 'bad admission token signature');
  return claimsOf(payload);
}

/**
 * The claims of a token whose signature is NOT checked: only for re-signing an admission
 * another process announced (see QueueService), never to let a hold through — a hold still
 * verifies the signature and compares the claims with the queue's record.
 */
export function readAdmissionUnverified(token: string): AdmissionClaims {
  return claimsOf(split(token).payload);
}

function split(token: string): { payload: string; signature: string } {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_LENGTH) throw invalidAdmission('malformed', 'malformed admission token');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw invalidAdmission('malformed', 'malformed admission token');
  const [, payload = '', signature = ''] = parts;
  return { payload, signature };
}

function claimsOf(payload: string): AdmissionClaims {
  let c: { e?: unknown; u?: unknown; n?: unknown; x?: unknown };
  try {
    c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof c;
  } catch {
    throw invalidAdmission('malformed', 'malformed admission token');
  }
  if (!isIdOf('event', c.e) || !isUserId(c.u) || !Number.isSafeInteger(c.n) || !Number.isSafeInteger(c.x)) {
    throw invalidAdmission('malformed', 'malformed admission token claims');
  }
  return { eventId: c.e, userId: c.u, number: c.n as number, expiresAt: (c.x as number) * 1000 };
}
