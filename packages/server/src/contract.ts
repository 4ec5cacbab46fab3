import type { z } from 'zod';

/**
 * What a route promises beyond its input schemas, for /openapi.json (routes/openapi.ts): its
 * operationId and the answers it gives. Fastify ignores these keys (they are not `response`,
 * which it would use to serialise), so declaring them changes nothing at run time.
 */

/** Response headers the routes set, as the document describes them (routes/openapi-parts.ts). */
export type ResponseHeader =
  | 'Location'
  | 'ETag'
  | 'Cache-Control'
  | 'Vary'
  | 'Content-Encoding'
  | 'X-Total-Count'
  | 'X-Total-Count-Exact'
  | 'X-Total-Estimate'
  | 'Link'
  | 'Idempotent-Replayed'
  | 'Retry-After'
  | 'X-Request-Id';

export interface ResponseSpec {
  readonly description: string;
  /** A schema registered in schemas/responses (a component); absent: no body. */
  readonly body?: z.ZodType;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** More media types answering with the same status (the search's full result). */
  readonly alternatives?: Readonly<Record<string, z.ZodType>>;
  readonly headers?: readonly ResponseHeader[];
}

/** Error statuses beyond those every route of its kind may answer (see `errorStatuses`). */
export type ErrorStatus = 402 | 403 | 404 | 409 | 410 | 422 | 502;

export interface RouteContract {
  /** Stable, camelCase: a generated client's method name. */
  readonly operationId: string;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly errors?: readonly ErrorStatus[];
  /**
   * Path parameters renamed in the document: the seed's `POST /bookings/:eventId` and
   * `GET /bookings/:bookingId` are one template to OpenAPI, documented as `/bookings/{id}`.
   */
  readonly pathAlias?: Readonly<Record<string, string>>;
  /** The body as documented when it says more than the validator checks (the hold's oneOf). */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Anyone may call it, and a token changes the answer (the event's tickets). */
  readonly optionalAuth?: boolean;
}

/** A 200 with `body`. */
export function ok(body: z.ZodType, description = 'Success', headers?: readonly ResponseHeader[]): Record<number, ResponseSpec> {
  return { 200: { description, body, ...(headers ? { headers } : {}) } };
}

/** A 201 with `body` and the new resource's Location. */
export function created(body: z.ZodType, description = 'Created'): Record<number, ResponseSpec> {
  return { 201: { description, body, headers: ['Location'] } };
}

/** A view served from the cache: ETag, Cache-Control, gzip on request, and 304 for a matching If-None-Match. */
export function cachedView(body: z.ZodType, description: string): Record<number, ResponseSpec> {
  return {
    200: { description, body, headers: ['ETag', 'Cache-Control', 'Vary', 'Content-Encoding'] },
    304: { description: 'Not modified: the If-None-Match ETag is current', headers: ['ETag', 'Cache-Control', 'Vary'] },
  };
}
