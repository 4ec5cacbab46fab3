import 'fastify';
import type { RouteContract } from './contract.js';

/** Documentation keys a route schema carries into /openapi.json (Fastify ignores them). */
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
    security?: ReadonlyArray<Record<string, readonly string[]>>;
    /** The operationId and the answers (see contract.ts). */
    contract?: RouteContract;
  }
}
export {};
