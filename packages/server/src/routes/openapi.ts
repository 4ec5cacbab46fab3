import type { FastifyInstance, RouteOptions } from 'fastify';
import type { JsonSchema } from '../schemas/json-schema.js';

interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details with the stable BoxOffice error code.',
  properties: {
    type: { type: 'string', example: 'urn:boxoffice:error:SEAT_UNAVAILABLE' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'The stable error code (VALIDATION, NOT_FOUND, SEAT_UNAVAILABLE, HOLD_EXPIRED, ...).' },
    field: { type: 'string', description: 'The input field at fault, as a dotted path.' },
    details: { type: 'object' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
};

/** Collects every route's schema as it is registered (call before registering routes). */
export function collectRoutes(app: FastifyInstance): RouteDoc[] {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || route.schema === undefined) continue;
      routes.push({ method: method.toLowerCase(), url: route.url, schema: route.schema as Record<string, unknown> });
    }
  });
  return routes;
}

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

/** Holds and the seed's booking on a queued event: the admission token, here or in the body. */
const ADMISSION_TOKEN_PARAMETER = {
  name: 'X-Admission-Token',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 1024 },
  description: "The queue's admission token (on an event whose waiting queue is enabled), instead of the body's admissionToken; both given must be the same.",
};

/** The OpenAPI 3.1 document, built from the very schemas the routes validate with. */
export function openApiDocument(routes: readonly RouteDoc[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, url, schema } of routes) {
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const ok = method === 'post' && /\/(holds|bookings\/\{eventId\}|confirm|admin\/(performers|venues|events))$/.test(path) ? '201' : '200';
    (paths[path] ??= {})[method] = {
      summary: schema.summary,
      tags: schema.tags,
      ...(schema.security ? { security: schema.security } : {}),
      parameters: [
        ...parameters(schema.params as JsonSchema | undefined, 'path'),
        ...parameters(schema.querystring as JsonSchema | undefined, 'query'),
        ...(method === 'post' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'A retry with the same key returns the first outcome.' }] : []),
        ...(method === 'post' && /^\/(holds|bookings\/\{eventId\})$/.test(path) ? [ADMISSION_TOKEN_PARAMETER] : []),
      ],
      ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
      responses: {
        [ok]: { description: 'Success', content: { 'application/json': {} } },
        default: { description: 'An error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token signed with BOXOFFICE_SECRET (`boxoffice auth token`).' } },
    },
  };
}
