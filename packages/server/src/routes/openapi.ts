import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { ResponseSpec, RouteContract } from '../contract.js';
import { isOpsPath } from '../ops-paths.js';
import type { JsonSchema } from '../schemas/json-schema.js';
import { componentName } from '../schemas/responses/registry.js';
import {
  ALWAYS_SENT_HEADERS,
  HEADER_PARAMETERS,
  headerComponents,
  headerRefs,
  problemResponseComponents,
  problemResponseRef,
  responseComponents,
  type ProblemStatus,
} from './openapi-parts.js';

export interface RouteDoc {
  method: string;
  url: string;
  schema: FastifySchema;
}

/** Collects every route's schema as it is registered (call before registering routes). */
export function collectRoutes(app: FastifyInstance): RouteDoc[] {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || route.schema === undefined) continue;
      routes.push({ method: method.toLowerCase(), url: route.url, schema: route.schema as FastifySchema });
    }
  });
  return routes;
}

/** `/bookings/:eventId` -> `/bookings/{id}` with the route's pathAlias, `{eventId}` without. */
export function documentedPath(url: string, contract: Pick<RouteContract, 'pathAlias'> | undefined): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => `{${contract?.pathAlias?.[name] ?? name}}`);
}

function parameters(schema: unknown, where: 'path' | 'query', alias: Readonly<Record<string, string>> = {}): JsonSchema[] {
  if (!schema) return [];
  const s = schema as JsonSchema;
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, p]) => ({
    name: alias[name] ?? name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
  }));
}

function bodySchema(schema: z.ZodType): JsonSchema {
  const name = componentName(schema);
  if (name === undefined) throw new Error('openapi: a response body must be a registered component (schemas/responses)');
  return { $ref: `#/components/schemas/${name}` };
}

function response(spec: ResponseSpec, replayable: boolean): JsonSchema {
  const headers = headerRefs([...(spec.headers ?? []), ...(replayable ? ['Idempotent-Replayed'] : []), ...ALWAYS_SENT_HEADERS]);
  const content: Record<string, unknown> = {};
  if (spec.body) content[spec.contentType ?? 'application/json'] = { schema: bodySchema(spec.body) };
  else if (spec.contentType) content[spec.contentType] = { schema: { type: 'string' } };
  for (const [type, schema] of Object.entries(spec.alternatives ?? {})) content[type] = { schema: bodySchema(schema) };
  return { description: spec.description, ...(headers ? { headers } : {}), ...(Object.keys(content).length > 0 ? { content } : {}) };
}

/**
 * The problem statuses a route may answer: 400 for any input (the Idempotency-Key header
 * included), 413/415 for a body too large or not JSON, 401/403 behind a token, 404 for a resource in the path, 409/422 for a reused
 * Idempotency-Key, 429/503 from the rate limits and load shedding (not on the probes), and
 * what the route's contract adds for its own domain errors.
 */
export function errorStatuses(method: string, url: string, schema: FastifySchema, contract: RouteContract): ProblemStatus[] {
  const secured = (schema.security?.length ?? 0) > 0;
  const statuses = new Set<ProblemStatus>(contract.errors ?? []);
  if (schema.params || schema.querystring || schema.body || method === 'post') statuses.add(400);
  // Fastify's body parser reads a body on any of these, schema or not: too large, or not JSON.
  if (['post', 'put', 'patch'].includes(method)) [413, 415].forEach((s) => statuses.add(s as ProblemStatus));
  if (secured) [401, 403].forEach((s) => statuses.add(s as ProblemStatus));
  if (schema.params) statuses.add(404);
  if (secured && method === 'post') [409, 422].forEach((s) => statuses.add(s as ProblemStatus));
  if (!isOpsPath(url)) [429, 503].forEach((s) => statuses.add(s as ProblemStatus));
  return [...statuses].sort((a, b) => a - b);
}

function operation({ method, url, schema }: RouteDoc): JsonSchema {
  const contract = schema.contract;
  if (!contract) throw new Error(`openapi: ${method.toUpperCase()} ${url} declares no contract (operationId, responses)`);
  const secured = (schema.security?.length ?? 0) > 0;
  const path = documentedPath(url, contract);
  const cachedView = Object.keys(contract.responses).includes('304');
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(contract.responses)) responses[status] = response(spec, secured && method === 'post' && Number(status) < 300);
  for (const status of errorStatuses(method, url, schema, contract)) responses[String(status)] ??= problemResponseRef(status);
  responses.default = { $ref: '#/components/responses/Error' };
  return {
    operationId: contract.operationId,
    summary: schema.summary,
    ...(schema.description ? { description: schema.description } : {}),
    tags: schema.tags,
    security: contract.optionalAuth ? [{}, { bearer: [] }] : secured ? schema.security : [],
    parameters: [
      ...parameters(schema.params, 'path', contract.pathAlias),
      ...parameters(schema.querystring, 'query'),
      ...(method === 'post' ? [HEADER_PARAMETERS.idempotencyKey] : []),
      ...(method === 'post' && /^\/(holds|bookings\/\{id\})$/.test(path) ? [HEADER_PARAMETERS.admissionToken] : []),
      ...(secured && !url.startsWith('/admin/') ? [HEADER_PARAMETERS.onBehalfOf] : []),
      ...(cachedView ? [HEADER_PARAMETERS.ifNoneMatch] : []),
    ],
    ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: contract.body ?? schema.body } } } } : {}),
    responses,
  };
}

const TAGS: Record<string, string> = {
  events: 'The catalog: events, their views, search (public).',
  holds: 'Hold seats, then pay and confirm.',
  bookings: "Bookings, and the seed's one-shot booking.",
  queue: 'The virtual waiting queue: buyers and operators.',
  admin: 'Catalog administration and operations (admin token).',
  inventory: 'Block, release and reprice seats (admin token).',
  webhooks: 'Webhook endpoints (admin token).',
  operations: 'Probes and metrics (never shed, never rate-limited).',
  auth: 'Guest sign-in (when enabled).',
};

/** The OpenAPI 3.1 document, built from the very schemas the routes validate and answer with. */
export function openApiDocument(routes: readonly RouteDoc[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = documentedPath(route.url, route.schema.contract);
    (paths[path] ??= {})[route.method] = operation(route);
  }
  const used = new Set(routes.flatMap((r) => r.schema.tags ?? []));
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: 'The BoxOffice HTTP API: errors are RFC 9457 application/problem+json with a stable code; see docs/http.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: responseComponents(),
      responses: problemResponseComponents(),
      headers: headerComponents(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token signed with BOXOFFICE_SECRET (`boxoffice auth token`).' } },
    },
  };
}
