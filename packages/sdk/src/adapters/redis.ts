/**
 * `@boxoffice/sdk/redis`: the Redis adapters (event bus, waiting queue, search result cache).
 * Needs the optional peer `ioredis`, loaded when one of them connects. Every connection comes
 * from `openRedisClient`, the one factory (each role's client options in one table).
 */
export { openRedisClient } from './redis-connection.js';
export { RedisEventBus, type RedisEventBusOptions } from './bus/redis-bus.js';
export { RedisQueue, type RedisQueueOptions } from './queue/redis/redis-queue.js';
export type { QueueRedisClient } from './queue/redis/client.js';
export { RedisSearchCache, type RedisSearchCacheOptions } from './search-cache/redis-search-cache.js';
