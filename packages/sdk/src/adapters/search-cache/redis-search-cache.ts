import type { Redis } from 'ioredis';
import type { SearchCache } from '../../ports/search-cache.js';
import { redisKeys } from '../../deployment/redis-keys.js';
import { openRedisClient } from '../redis-connection.js';

export interface RedisSearchCacheOptions {
  /** `redis://host:6379/0` (BOXOFFICE_REDIS_URL). */
  url: string;
  /** Prefix of every key (default `bo:search:`). */
  prefix?: string;
  /** A call slower than this is a miss (default 50 ms): the cache must never slow a search down much. */
  timeoutMs?: number;
}

/**
 * Search results in Redis, shared by every process of a deployment: a query one process
 * answered is a hit in all of them. Every failure (unreachable, slow, full) is a miss or a
 * dropped write; the search itself then runs as without a cache.
 */
export class RedisSearchCache implements SearchCache {
  readonly kind = 'redis';

  private constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly timeoutMs: number,
  ) {}

  static async connect(options: RedisSearchCacheOptions): Promise<RedisSearchCache> {
    // A cache outage is a miss, never a crash: the factory's 'error' listener keeps it quiet.
    const client = await openRedisClient(options.url, 'search-cache');
    return new RedisSearchCache(client, options.prefix ?? redisKeys().searchCache, options.timeoutMs ?? 50);
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.bounded(this.client.get(this.prefix + key));
    return typeof value === 'string' ? value : undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.bounded(this.client.set(this.prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs))));
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }

  /** The call's value, or undefined when it failed or took longer than the timeout. */
  private bounded<T>(call: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    return Promise.race([call.catch(() => undefined), late]).finally(() => clearTimeout(timer));
  }
}
