import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import type { QueueHarness } from '../../src/testing/queue/harness.js';

export const REDIS_URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` (tests never flush the shared Redis). */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A queue under a fresh random prefix; `another()` opens a second connection over the same keys. */
export async function redisQueueHarness(url = REDIS_URL): Promise<QueueHarness & { prefix: string }> {
  const prefix = `bo:test:${randomBytes(6).toString('hex')}:`;
  const opened: RedisQueue[] = [await RedisQueue.connect({ url, prefix })];
  let offset = 0;
  return {
    prefix,
    queue: opened[0]!,
    another: async () => {
      const q = await RedisQueue.connect({ url, prefix });
      await q.advanceClock(offset);
      opened.push(q);
      return q;
    },
    advanceClock: async (ms) => {
      offset += ms;
      for (const q of opened) await q.advanceClock(ms);
    },
    cleanup: async () => {
      for (const q of opened) await q.close();
      await deletePrefix(url, prefix);
    },
  };
}
