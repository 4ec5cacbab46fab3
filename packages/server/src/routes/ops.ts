import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.js';
import { ok } from '../contract.js';
import { health, readiness } from '../schemas/responses/operations.js';

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness, readiness (the store and every configured dependency answer) and Prometheus metrics. */
export function opsRoutes(app: FastifyInstance, deps: RouteDeps, probes: Record<string, () => Promise<unknown>>): void {
  app.get('/healthz', { schema: { summary: 'The process is up', tags: ['operations'], contract: { operationId: 'getHealth', responses: ok(health, 'Up', ['Cache-Control']) } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  // One cheap round trip to the store: a listed page would also count every event, per probe.
  const all: Record<string, () => Promise<unknown>> = { store: () => deps.boxOffice.operations.ping(), ...probes };
  app.get('/readyz', {
      schema: {
        summary: 'The store (and Redis, when configured) answer',
        tags: ['operations'],
        contract: {
          operationId: 'getReadiness',
          responses: { ...ok(readiness, 'Ready: every dependency answered', ['Cache-Control']), 503: { description: 'Not ready: the checks say which dependency failed', body: readiness, headers: ['Cache-Control', 'Retry-After'] } },
        },
      },
    }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    await Promise.all(
      Object.entries(all).map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), PROBE_TIMEOUT_MS);
          checks[name] = 'ok';
        } catch (error) {
          checks[name] = error instanceof Error ? error.message.slice(0, 200) : 'failed';
        }
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    reply.header('cache-control', 'no-store').code(ok ? 200 : 503);
    if (!ok) reply.header('retry-after', '5');
    return { status: ok ? 'ready' : 'unavailable', checks };
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'], contract: { operationId: 'getMetrics', responses: { 200: { description: 'The Prometheus text exposition format', contentType: 'text/plain', headers: ['Cache-Control'] } } } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store').type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
