import { z } from 'zod';
import type { ErrorStatus, ResponseHeader } from '../contract.js';
import { responseRegistry } from '../schemas/responses/registry.js';
import type { JsonSchema } from '../schemas/json-schema.js';
// Registers every response component (each module adds its schemas to the registry on import).
import '../schemas/responses/catalog.js';
import '../schemas/responses/sales.js';
import '../schemas/responses/queue.js';
import '../schemas/responses/operations.js';
import '../schemas/responses/pages.js';
import '../schemas/responses/problem.js';

/** The reusable parts of /openapi.json: components, error responses, headers, header parameters. */

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** `components.schemas`: the response registry as JSON Schema 2020-12 (OpenAPI 3.1's dialect). */
export function responseComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(responseRegistry, { uri: (id) => `#/components/schemas/${id}`, io: 'output', unrepresentable: 'any' }) as {
    schemas: Record<string, JsonSchema>;
  };
  for (const schema of Object.values(schemas)) {
    // Each component is read inside the document: no dialect or base URI of its own.
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

const HEADERS: Record<ResponseHeader, { description: string; schema: JsonSchema }> = {
  Location: { description: 'Where the created resource is read.', schema: { type: 'string' } },
  ETag: { description: 'The view version: send it back in If-None-Match for a 304.', schema: { type: 'string' } },
  'Cache-Control': { description: 'How long a cache may keep the answer.', schema: { type: 'string' } },
  Vary: { description: 'The request headers the answer depends on.', schema: { type: 'string' } },
  'Content-Encoding': { description: 'gzip when asked for (Accept-Encoding) and worth it.', schema: { type: 'string', enum: ['gzip'] } },
  'X-Total-Count': { description: 'Items in all pages (for a search: the events matching it, a lower bound when X-Total-Count-Exact is false).', schema: { type: 'integer', minimum: 0 } },
  'X-Total-Count-Exact': { description: 'false: X-Total-Count is a lower bound.', schema: { type: 'string', enum: ['true', 'false'] } },
  'X-Total-Estimate': { description: 'With X-Total-Count-Exact false: an estimate of all matches.', schema: { type: 'integer', minimum: 0 } },
  Link: { description: 'RFC 8288 links to the first, prev, next and last pages (no last when the total is a lower bound).', schema: { type: 'string' } },
  'Idempotent-Replayed': { description: 'true: the answer is the stored first answer to this Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  'X-Request-Id': {
    description:
      "This request's id, in the server's logs (reqId) and in a problem's requestId: quote it when reporting a failure. The request's own X-Request-Id when it is 1 to 128 of A-Z a-z 0-9 . _ : ~ + / = -, otherwise a new UUID.",
    schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:~+/=-]+$' },
  },
};

/** Headers every answer carries, whatever its route and status. */
export const ALWAYS_SENT_HEADERS: readonly ResponseHeader[] = ['X-Request-Id'];

export function headerComponents(): Record<string, unknown> {
  return { ...HEADERS, 'WWW-Authenticate': { description: 'Bearer: send a token.', schema: { type: 'string' } } };
}

export function headerRefs(names: readonly string[]): Record<string, unknown> | undefined {
  return names.length === 0 ? undefined : Object.fromEntries(names.map((name) => [name, ref('headers', name)]));
}

/** Every status a route may answer with a problem, and the component naming it. */
export type ProblemStatus = 400 | 401 | 413 | 415 | 429 | 503 | ErrorStatus;
const PROBLEMS: Record<ProblemStatus, { name: string; description: string; headers?: readonly string[] }> = {
  400: { name: 'BadRequest', description: 'VALIDATION: the input (named in field) is wrong.' },
  401: { name: 'Unauthorized', description: 'UNAUTHORIZED: no token, or a bad or expired one.', headers: ['WWW-Authenticate'] },
  402: { name: 'PaymentDeclined', description: 'PAYMENT_DECLINED: the gateway refused the payment; nothing was charged.' },
  403: { name: 'Forbidden', description: 'FORBIDDEN, QUEUE_TOKEN_REQUIRED or QUEUE_TOKEN_INVALID: the token may not do this.' },
  404: { name: 'NotFound', description: 'NOT_FOUND, HOLD_NOT_FOUND or QUEUE_NOT_JOINED.' },
  409: {
    name: 'Conflict',
    description: 'SEAT_UNAVAILABLE, HOLD_NOT_ACTIVE, EVENT_NOT_ON_SALE, SOLD_OUT, CONFLICT, REFUND_DEADLINE_PASSED, a QUEUE_* state, or IDEMPOTENCY_IN_PROGRESS.',
  },
  410: { name: 'Gone', description: 'HOLD_EXPIRED: the hold expired; its seats may be sold to others.' },
  413: { name: 'PayloadTooLarge', description: 'VALIDATION: the body is larger than the route takes.' },
  415: { name: 'UnsupportedMediaType', description: 'VALIDATION: the body is not application/json.' },
  422: { name: 'Unprocessable', description: 'LIMIT_EXCEEDED (per-user ticket cap) or IDEMPOTENCY_MISMATCH.' },
  429: { name: 'TooManyRequests', description: 'A rate limit (per user, or per address when anonymous).', headers: ['Retry-After'] },
  502: { name: 'PaymentUncertain', description: 'PAYMENT_UNCERTAIN: the gateway did not answer; retry with the same Idempotency-Key.' },
  503: { name: 'Unavailable', description: 'UNAVAILABLE or STORE_LOCKED: overloaded or a dependency is down.', headers: ['Retry-After'] },
};

/** Errors the idempotency layer may replay: final 4xx (not 5xx, nor those answered before a key is claimed: 401, 413, 415, 429). */
const REPLAYED_ERRORS: ReadonlySet<number> = new Set([400, 402, 403, 404, 409, 410, 422]);

const problemContent = { 'application/problem+json': { schema: ref('schemas', 'Problem') } };

/** `components.responses`: one problem response per status, plus `Error` for anything unexpected (500). */
export function problemResponseComponents(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, { name, description, headers }] of Object.entries(PROBLEMS)) {
    // A final error is remembered under its Idempotency-Key and replayed like a success.
    const all = [...(headers ?? []), ...(REPLAYED_ERRORS.has(Number(status)) ? ['Idempotent-Replayed'] : []), ...ALWAYS_SENT_HEADERS];
    out[name] = { description, headers: headerRefs(all), content: problemContent };
  }
  out.Error = { description: 'INTERNAL: an unexpected failure (logged; nothing leaked).', headers: headerRefs(ALWAYS_SENT_HEADERS), content: problemContent };
  return out;
}

export function problemResponseRef(status: ProblemStatus): unknown {
  return ref('responses', PROBLEMS[status].name);
}

/** Header parameters, by the routes that read them. */
export const HEADER_PARAMETERS = {
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    description: 'A retry with the same key returns the first outcome (Idempotent-Replayed: true), never a second charge.',
  },
  admissionToken: {
    name: 'X-Admission-Token',
    in: 'header',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 1024 },
    description: "The queue's admission token (on an event whose waiting queue is enabled), instead of the body's admissionToken; both given must be the same.",
  },
  onBehalfOf: {
    name: 'X-On-Behalf-Of',
    in: 'header',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 128 },
    description: 'Admins: the user to act as (support, the remote client). A user naming anyone else is refused (403).',
  },
  ifNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: 'An ETag from an earlier answer: 304 without a body while it is current.',
  },
} as const;
