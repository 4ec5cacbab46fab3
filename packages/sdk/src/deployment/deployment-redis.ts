import type { Redis } from 'ioredis';
import { RedisEventBus } from '../adapters/bus/redis-bus.js';
import { RedisQueue } from '../adapters/queue/redis/redis-queue.js';
import { openRedisClient } from '../adapters/redis-connection.js';
import { RedisSearchCache } from '../adapters/search-cache/redis-search-cache.js';
import type { DeploymentRedis } from './deployment.js';
import type { Owned } from './owned.js';
import type { RedisKeys, RedisRole } from './redis-keys.js';

/**
 * The deployment's Redis: its URL, its keys under its one prefix, and connections from the one
 * factory (`openRedisClient`), each recorded in the deployment's `Owned` so its close quits them.
 * Loaded by createDeployment only when a Redis URL is configured (it reaches ioredis).
 */
export class RedisConnections implements DeploymentRedis {
  constructor(
    readonly url: string,
    readonly keys: RedisKeys,
    private readonly owned: Owned,
  ) {}

  async connect(role: RedisRole): Promise<Redis> {
    const client = await openRedisClient(this.url, role);
    this.owned.add(`the Redis ${role} connection`, { close: () => client.quit().catch(() => client.disconnect()) });
    return client;
  }

  /**
   * The BoxOffice's adapters on Redis, every process of the deployment sharing them: the event
   * bus (live maps, view invalidation), the waiting queues, and (with `searchCache`) the search
   * results. Each is recorded in `owned` as soon as it connects, so a later failure closes it.
   */
  async openAdapters(searchCache: boolean): Promise<{ bus: RedisEventBus; queue: RedisQueue; searchCache: RedisSearchCache | undefined }> {
    const { url, keys, owned } = this;
    const bus = owned.add('the Redis event bus', await RedisEventBus.connect({ url, channel: keys.events }));
    const queue = owned.add('the Redis queue', await RedisQueue.connect({ url, prefix: keys.queue }));
    const cache = searchCache ? owned.add('the Redis search cache', await RedisSearchCache.connect({ url, prefix: keys.searchCache })) : undefined;
    return { bus, queue, searchCache: cache };
  }
}
