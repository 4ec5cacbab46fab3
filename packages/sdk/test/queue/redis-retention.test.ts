import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/domain/queue.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { createGaEvent, QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
import { REDIS_URL, redisQueueHarness } from './redis-harness.js';

const run = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisQueue.connect({ url: REDIS_URL })).close()));

/** Nothing of a finished on-sale stays in Redis: every key of an event's queue expires. */
describe.skipIf(!run)('redis queue: key expiry after the event', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
  });
  afterAll(() => redis?.disconnect());

  it('gives every key the expiry configure was given, including keys made later by joins and admission', async () => {
    const h = await redisQueueHarness();
    try {
      const until = Date.now() + 3_600_000;
      const q = h.queue;
      await q.configure('evt_keep', { ...DEFAULT_QUEUE_SETTINGS, admissionRate: 1000 }, null, { untilMs: until });
      expect((await q.join('evt_keep', 'u1')).ok).toBe(true);
      await q.setInventory('evt_keep', 'available');
      const admitted = await q.admit('evt_keep', { maxBatch: 10, maxSkips: 10, inventoryMaxAgeMs: 60_000 });
      expect(admitted.ok && admitted.value.admitted.map((r) => r.userId)).toEqual(['u1']);
      const k = h.queue instanceof RedisQueue ? h.queue.keys('evt_keep') : null;
      for (const key of [k!.meta, k!.users, k!.line, k!.active]) {
        expect(await redis.exists(key), key).toBe(1);
        const at = await redis.pexpiretime(key);
        expect(Math.abs(at - until), key).toBeLessThanOrEqual(1);
      }
    } finally {
      await h.cleanup();
    }
  });

  it('drops the queue when the time comes (real Redis expiry)', async () => {
    const h = await redisQueueHarness();
    try {
      const q = h.queue;
      await q.configure('evt_gone', { ...DEFAULT_QUEUE_SETTINGS }, null, { untilMs: Date.now() + 1200 });
      expect((await q.join('evt_gone', 'u1')).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await q.meta('evt_gone')).toMatchObject({ ok: false });
      const k = (q as RedisQueue).keys('evt_gone');
      expect(await redis.exists(k.meta, k.users, k.line)).toBe(0);
    } finally {
      await h.cleanup();
    }
  });

  it('the service refuses a queue for an ended event, and forgets the expired queue of an ended one', async () => {
    const h = await redisQueueHarness();
    let now = Date.now();
    const bo = createBoxOffice({
      store: new MemoryStore(),
      payments: new TestPaymentGateway(),
      clock: { now: () => now },
      queue: h.queue,
      queueOptions: { secret: QUEUE_TEST_SECRET, retentionMs: 60_000 },
    });
    try {
      const event = await createGaEvent(bo, 10);
      await bo.configureQueue(event.id, { enabled: true, admissionRate: 10 });
      expect(await h.queue.queues()).toContain(event.id);
      const until = await redis.pexpiretime((h.queue as RedisQueue).keys(event.id).meta);
      expect(until).toBe(Date.parse(event.endsAt) + 60_000);

      // While the keys live, or before the retention ran out, the queue stays listed.
      now = Date.parse(event.endsAt) + 1;
      await expect(bo.configureQueue(event.id, { admissionRate: 5 })).rejects.toMatchObject({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
      await bo.admitQueues();
      expect(await h.queue.queues()).toContain(event.id);
      // Past the retention the keys have expired (deleted here, as Redis would): the tick forgets it.
      now = Date.parse(event.endsAt) + 60_001;
      const k = (h.queue as RedisQueue).keys(event.id);
      await redis.del(k.meta, k.users, k.line, k.active);
      await bo.admitQueues();
      expect(await h.queue.queues()).not.toContain(event.id);
    } finally {
      await bo.close();
      await h.cleanup();
    }
  });
});
