import { BoxOfficeError, HEADERS } from '@boxoffice/sdk';
import { idempotencyKeySchema } from '@boxoffice/sdk/schemas';
import type { FastifyRequest } from 'fastify';

/** The `Idempotency-Key` header as the SDK's `idempotencyKey` (absent: undefined). */
export function idempotencyKeyOf(request: FastifyRequest): { idempotencyKey?: string } {
  const raw = request.headers[HEADERS.idempotencyKey];
  if (raw === undefined) return {};
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new BoxOfficeError('VALIDATION', `idempotencyKey: ${parsed.error.issues[0]?.message ?? 'invalid'} (Idempotency-Key header)`, { field: 'idempotencyKey' });
  }
  return { idempotencyKey: parsed.data };
}

/** Where a hold or the seed's booking on a queued event may carry its admission token instead of the body. */
export const ADMISSION_TOKEN_HEADER = HEADERS.admissionToken;
const MAX_ADMISSION_TOKEN = 1024;

/**
 * The admission token of a hold or booking: the body's `admissionToken`, or the
 * `X-Admission-Token` header (a client that keeps the token beside the request, like a
 * bearer token). Both given and different is a VALIDATION error, not a silent pick.
 */
export function admissionTokenOf(request: FastifyRequest, fromBody: string | undefined): { admissionToken?: string } {
  const raw = request.headers[ADMISSION_TOKEN_HEADER];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (header !== undefined && (header.length === 0 || header.length > MAX_ADMISSION_TOKEN)) {
    throw new BoxOfficeError('VALIDATION', `admissionToken: 1 to ${MAX_ADMISSION_TOKEN} characters (X-Admission-Token header)`, { field: 'admissionToken' });
  }
  if (header !== undefined && fromBody !== undefined && header !== fromBody) {
    throw new BoxOfficeError('VALIDATION', 'admissionToken: the body and the X-Admission-Token header name different tokens', { field: 'admissionToken' });
  }
  const token = fromBody ?? header;
  return token === undefined ? {} : { admissionToken: token };
}
