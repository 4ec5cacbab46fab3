import { redisKeys, type DeploymentRedis } from '@boxoffice/sdk';
import { openRedisClient } from '@boxoffice/sdk/redis';
import type { Redis } from 'ioredis';
import type { RateLimitStore } from './store.js';

/** INCR, PEXPIRE NX (the window starts with its first hit) and PTTL, atomically: one command. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
return { count, redis.call('PTTL', KEYS[1]) }`;

type ScriptedRedis = Redis & { boRateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Rate-limit counters in Redis, shared by every process: one script per hit (count and expiry
 * set atomically). Every request makes one, so the client auto-pipelines: the hits of one
 * event-loop turn go out in one socket write, not one write each (a write is a syscall, and
 * the on-sale profile showed socket writes as the server's largest cost).
 * Keys: `<prefix>rl:{<key>}` (prefix: the deployment's, `redisKeys(prefix).rateLimit`; the hash tag keeps each counter on one Cluster slot).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private constructor(
    private readonly redis: ScriptedRedis,
    private readonly prefix: string,
    /** Quit the connection on close: only one this class opened (`connect`), never a deployment's. */
    private readonly ownsClient: boolean,
  ) {
    redis.defineCommand('boRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Over a connection of the deployment's (closed with it), keyed under its prefix. */
  static async open(redis: DeploymentRedis): Promise<RedisRateLimitStore> {
    return new RedisRateLimitStore((await redis.connect('rate-limit')) as ScriptedRedis, redis.keys.rateLimit, false);
  }

  /** Over a connection of its own to `url`. */
  static async connect(url: string, options: { prefix?: string } = {}): Promise<RedisRateLimitStore> {
    return new RedisRateLimitStore((await openRedisClient(url, 'rate-limit')) as ScriptedRedis, options.prefix ?? redisKeys().rateLimit, true);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const k = `${this.prefix}rl:{${key}}`;
    const [count, ttl] = await this.redis.boRateLimitHit(k, windowMs);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => undefined);
  }
}
