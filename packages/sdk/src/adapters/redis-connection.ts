import type { Redis, RedisOptions } from 'ioredis';
import type { RedisRole } from '../deployment/redis-keys.js';
import { loadBackend } from '../optional-backend.js';

const backoff = (ceilingMs: number) => (times: number) => Math.min(times * 100, ceilingMs);

/**
 * Each role's client options, in one table (every connection is `lazyConnect`, then connected
 * by `openRedisClient`). Why each differs:
 * - the bus publisher, the queue, the views and the rate limits send on every hold or request:
 *   auto-pipelining sends one event-loop turn's commands in one socket write;
 * - the queue, the search cache and the views fail at once while Redis is away (no offline
 *   queue): a queue call answers UNAVAILABLE (503, Retry-After) instead of waiting through ever
 *   longer reconnects (measured: 6 s, then 20 s); a cache or view miss reads the store;
 * - the caches retry a command once at most: they must never slow a request down much.
 */
const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  'bus-publisher': { maxRetriesPerRequest: 3, connectionName: 'boxoffice-bus-pub', enableAutoPipelining: true },
  'bus-subscriber': { maxRetriesPerRequest: 3, connectionName: 'boxoffice-bus-sub' },
  queue: { maxRetriesPerRequest: 3, connectionName: 'boxoffice-queue', enableAutoPipelining: true, enableOfflineQueue: false, retryStrategy: backoff(1000) },
  'search-cache': { maxRetriesPerRequest: 1, connectionName: 'boxoffice-search-cache', enableOfflineQueue: false, retryStrategy: backoff(2000) },
  views: { maxRetriesPerRequest: 1, connectionName: 'boxoffice-views', enableOfflineQueue: false, enableAutoPipelining: true },
  'rate-limit': { maxRetriesPerRequest: 1, connectionName: 'boxoffice-rate-limit', enableAutoPipelining: true },
};

/**
 * The one Redis connection factory: a connected ioredis client for `role` (`overrides` win over
 * the role's options). Resolves once connected and rejects (the client disconnected) when
 * Redis is unreachable, so a misconfigured deployment fails at start, not on its first sale.
 * The caller owns the client: `quit()` it when done. Errors surface through commands; the
 * 'error' listener keeps a dropped connection from crashing the process.
 */
export async function openRedisClient(url: string, role: RedisRole, overrides: RedisOptions = {}): Promise<Redis> {
  const { Redis } = await loadBackend('redis', () => import('ioredis'));
  const client = new Redis(url, { ...ROLE_OPTIONS[role], ...overrides, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}
