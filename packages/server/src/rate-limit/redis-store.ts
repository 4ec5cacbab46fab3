import type { Redis } from 'ioredis';
import type { RateLimitStore } from './store.js';

/**
 * Rate-limit counters in Redis, shared by every process: INCR, PEXPIRE NX (the window starts
 * with its first hit) and PTTL in one MULTI, so the count and its expiry are set atomically.
 * Keys: `<prefix>rl:{<key>}` (prefix default `bo:`; the hash tag keeps each counter on one Cluster slot).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, options: { prefix?: string } = {}): Promise<RedisRateLimitStore> {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectionName: 'boxoffice-rate-limit' });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return new RedisRateLimitStore(redis, options.prefix ?? 'bo:');
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const k = `${this.prefix}rl:{${key}}`;
    const results = await this.redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowMs);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
