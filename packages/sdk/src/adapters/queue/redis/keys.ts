import { redisKeys } from '../../../deployment/redis-keys.js';

/**
 * Every Redis key of the queue, built here and nowhere else. An event's keys share the hash
 * tag `{<eventId>}`, so on Redis Cluster they live in one slot and one script may touch them
 * all: `bo:{evt_123}:q:meta`. Only the registry of configured queues is outside the tags (it
 * is read and written on its own, never inside a script).
 */
export interface QueueKeys {
  /** Hash: settings (JSON and the fields the scripts read), counters, clock stamps, the draw. */
  readonly meta: string;
  /** Hash: user id → record (`<number>:<heartbeat s>`, `:a<expiry s>`, `:e`, `:l`). */
  readonly users: string;
  /** List: FIFO arrivals, read by index (number = lineBase + index). */
  readonly line: string;
  /** List: pre-queue arrivals of a randomized queue, until the draw. */
  readonly pre: string;
  /** List: the drawn order (number = index + 1), kept for the audit. */
  readonly drawn: string;
  /** Sorted set: live admissions, scored by token expiry (s). */
  readonly active: string;
  /** Sorted set: users who got their number back with a join receipt after a reset, scored by it. */
  readonly restored: string;
  /** String: the draw lock (a random token, with a TTL). */
  readonly drawLock: string;
}

/** The default prefix of every key (the deployment's, see redis-keys.ts). Tests use a fresh random one and delete it after. */
export const DEFAULT_QUEUE_PREFIX = redisKeys().queue;

export function queueKeys(prefix: string, eventId: string): QueueKeys {
  const base = `${prefix}{${eventId}}:q:`;
  return {
    meta: `${base}meta`,
    users: `${base}users`,
    line: `${base}line`,
    pre: `${base}pre`,
    drawn: `${base}drawn`,
    active: `${base}active`,
    restored: `${base}restored`,
    drawLock: `${base}drawlock`,
  };
}

/** Set of event ids with a configured queue. */
export function queueRegistryKey(prefix: string): string {
  return `${prefix}queues`;
}
