import { BoxOfficeError } from '../domain/errors.js';

/**
 * The one place that names a deployment's Redis keys and channels. Every process of one
 * deployment shares them; deployments sharing one Redis need different prefixes, or they
 * would share queues, views, counters and live updates. Pure (no driver): the root entry
 * exports it, so code that never loads ioredis can still check a prefix.
 */

/** The prefix when none is configured (`--redis-prefix` / `BOXOFFICE_REDIS_PREFIX`). */
export const DEFAULT_REDIS_PREFIX = 'bo:';

/** The deployment's Redis key prefix, checked (a bad one would scatter or collide keys). */
export function redisPrefixOf(value: string | undefined): string {
  if (value === undefined) return DEFAULT_REDIS_PREFIX;
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(value)) {
    throw new BoxOfficeError('VALIDATION', 'redisPrefix: must be 1-64 of A-Z a-z 0-9 : _ - .', { field: 'redisPrefix' });
  }
  return value;
}

/**
 * Where each user of Redis keeps its keys under one prefix. The layouts below the prefix stay
 * with their adapters (queue: `<p>{evt}:q:*`, `<p>queues`, `<p>queue-updates`; views:
 * `<p>{evt}:view*`; rate limits: `<p>rl:{key}`); these are the names they start from.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** The event bus's pub/sub channel. */
  readonly events: string;
  /** The waiting queues' key prefix. */
  readonly queue: string;
  /** The search result cache's key prefix. */
  readonly searchCache: string;
  /** The server's shared rendered views' key prefix. */
  readonly views: string;
  /** The server's rate-limit counters' key prefix. */
  readonly rateLimit: string;
}

export function redisKeys(prefix: string = DEFAULT_REDIS_PREFIX): RedisKeys {
  return { prefix, events: `${prefix}events`, queue: prefix, searchCache: `${prefix}search:`, views: prefix, rateLimit: prefix };
}

/**
 * What each Redis connection of a deployment is for; the connection factory
 * (`adapters/redis-connection.ts`) keeps each role's client options.
 */
export type RedisRole = 'bus-publisher' | 'bus-subscriber' | 'queue' | 'search-cache' | 'views' | 'rate-limit';
