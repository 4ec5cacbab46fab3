import type { FastifyInstance } from 'fastify';
import { collectRoutes, openApiDocument } from '../src/routes/openapi.js';
import { ContractChecker } from './openapi-conformance.js';
import type { OpenApiDocument } from './openapi-helpers.js';

/**
 * Checks every answer a test app gives on a documented route against /openapi.json, over the
 * whole suite: `testApp` installs it, and its `close()` fails the test file on any answer that
 * disagrees with the document. Call before `app.ready()` (the routes are collected as they are
 * registered). Gzipped bodies and streams are not read.
 */
export function watchContract(app: FastifyInstance): { problems(): string[] } {
  const routes = collectRoutes(app);
  let checker: ContractChecker | undefined;
  const problems: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.schema?.contract === undefined) return payload;
    if (reply.getHeader('content-encoding') !== undefined || (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload))) return payload;
    checker ??= new ContractChecker(openApiDocument(routes, { title: 'BoxOffice', version: 'test' }) as unknown as OpenApiDocument);
    const body = payload === null || payload === undefined ? '' : String(payload);
    const headers = reply.getHeaders() as Record<string, string | string[] | number | undefined>;
    problems.push(...checker.check(request.method, request.url, { statusCode: reply.statusCode, headers, body }));
    return payload;
  });
  return { problems: () => problems };
}
