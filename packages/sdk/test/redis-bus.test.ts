import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../src/index.js';
import { RedisEventBus } from '../src/adapters/redis.js';
import { adaptersUnderTest, requireService } from '../src/testing/index.js';

const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const fast = { connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null };

const reachable =
  adaptersUnderTest().has('redis') &&
  (await requireService('Redis', async () => (await RedisEventBus.connect({ url: REDIS_URL, channel: 'bo:probe', redisOptions: fast })).close()));

describe.skipIf(!reachable)('RedisEventBus', () => {
  const buses: RedisEventBus[] = [];
  afterEach(async () => {
    for (const b of buses.splice(0)) await b.close();
  });

  it('delivers locally at once and to every other process once, on its own channel only', async () => {
    const channel = `bo:test:${randomBytes(6).toString('hex')}`;
    const [a, b, other] = await Promise.all([
      RedisEventBus.connect({ url: REDIS_URL, channel }),
      RedisEventBus.connect({ url: REDIS_URL, channel }),
      RedisEventBus.connect({ url: REDIS_URL, channel: `${channel}:other` }),
    ]);
    buses.push(a, b, other);
    const got = { a: [] as DomainEvent[], b: [] as DomainEvent[], other: [] as DomainEvent[] };
    a.subscribe((e) => got.a.push(e));
    b.subscribe((e) => got.b.push(e));
    other.subscribe((e) => got.other.push(e));
    const event: DomainEvent = { type: 'tickets.changed', eventId: 'evt_1', reason: 'hold', changes: [{ ticketId: 'tkt_1', status: 'RESERVED' }] };
    a.publish(event);
    expect(got.a).toEqual([event]);
    for (let i = 0; i < 100 && got.b.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(got.b).toEqual([event]);
    expect(got.a).toHaveLength(1);
    expect(got.other).toEqual([]);
    await a.ping();
  });

  it('fails to connect with a clear error', async () => {
    await expect(RedisEventBus.connect({ url: 'redis://127.0.0.1:1', redisOptions: fast })).rejects.toThrow();
  });
});
