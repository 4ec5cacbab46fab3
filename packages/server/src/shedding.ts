import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { aboutRequest, problem, PROBLEM_CONTENT_TYPE } from './problem.js';
import { isOpsPath } from './ops-paths.js';

export interface SheddingOptions {
  /** Requests in progress at once before new ones are refused (default 2000; 0: no bound). */
  maxInFlight?: number;
  /**
   * Mean event-loop delay over the last second past which new requests are refused (default
   * 200 ms; 0: no bound). The mean, not a high percentile: one long pause (a big render, a GC)
   * should not shed a whole second of traffic; sustained lag should.
   */
  maxEventLoopLagMs?: number;
  /** Seconds a refused client is told to wait (default 1). */
  retryAfterSeconds?: number;
}

/** Probes and metrics are always answered: an overloaded server must still say so. */

/**
 * Load shedding: past a bound on work in progress or on event-loop lag, new requests get a fast
 * 503 with Retry-After instead of queueing until everyone times out.
 */
export function installShedding(app: FastifyInstance, options: SheddingOptions = {}): { readonly inFlight: number; readonly lagMs: number } {
  const maxInFlight = options.maxInFlight ?? 2000;
  const maxLag = options.maxEventLoopLagMs ?? 200;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const state = { inFlight: 0, lagMs: 0 };
  // Keyed by the request itself, not its id: a client's X-Request-Id may repeat across requests.
  const counted = new WeakMap<FastifyRequest, () => void>();

  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const sampler = setInterval(() => {
    state.lagMs = histogram.count > 0 ? histogram.mean / 1e6 : 0;
    histogram.reset();
  }, 1000);
  sampler.unref();
  app.addHook('onClose', async () => {
    clearInterval(sampler);
    histogram.disable();
  });

  app.addHook('onRequest', async (request, reply) => {
    if (isOpsPath(request.url)) return;
    const overloaded = (maxInFlight > 0 && state.inFlight >= maxInFlight) || (maxLag > 0 && state.lagMs > maxLag);
    if (overloaded) {
      const p = problem('UNAVAILABLE', 'the server is overloaded; retry shortly', aboutRequest(request));
      return reply.code(503).header('retry-after', retryAfter).type(PROBLEM_CONTENT_TYPE).send(p);
    }
    state.inFlight += 1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      state.inFlight -= 1;
      counted.delete(request);
    };
    // Whichever comes first: the response went out, or the connection went away.
    reply.raw.once('close', finish);
    counted.set(request, finish);
  });
  app.addHook('onResponse', async (request) => {
    counted.get(request)?.();
  });
  return state;
}
