import { BoxOfficeError, idempotencyKeySchema } from '@boxoffice/sdk';
import type { FastifyRequest } from 'fastify';

/** The `Idempotency-Key` header as the SDK's `idempotencyKey` (absent: undefined). */
export function idempotencyKeyOf(request: FastifyRequest): { idempotencyKey?: string } {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return {};
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new BoxOfficeError('VALIDATION', `idempotencyKey: ${parsed.error.issues[0]?.message ?? 'invalid'} (Idempotency-Key header)`, { field: 'idempotencyKey' });
  }
  return { idempotencyKey: parsed.data };
}
