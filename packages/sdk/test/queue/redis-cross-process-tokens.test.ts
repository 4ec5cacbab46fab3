import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import type { QueueUpdate } from '../../src/domain/queue-views.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { createGaEvent, sleep } from '../../src/testing/queue/harness.js';
import { REDIS_URL, redisQueueHarness } from './redis-harness.js';

const run = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisQueue.connect({ url: REDIS_URL })).close()));

const OURS = 'cross-process-secret-ours-0123456789';
const THEIRS = 'cross-process-secret-theirs-987654321';

/**
 * Admissions announced by another process over the Redis update channel. Every process ticks
 * every queue of its key prefix, and tells its clients of admissions other processes made: the
 * token a client hears must work for a hold on the process it talks to, whichever process won
 * the tick — even one signing with another secret (a second deployment left on the same key
 * prefix, as the tests and benchmarks of one shared Redis were: every `serve --redis` without
 * `--redis-prefix` ticks the `bo:` queues of all of them).
 */
describe.runIf(run)('admission tokens across processes (Redis)', () => {
  let harness: Awaited<ReturnType<typeof redisQueueHarness>>;
  const opened: BoxOffice[] = [];
  let store: MemoryStore;

  beforeEach(async () => {
    harness = await redisQueueHarness();
    store = new MemoryStore();
  });
  afterEach(async () => {
    for (const bo of opened.splice(0)) await bo.close();
    await harness.cleanup();
  });

  async function process(secret: string): Promise<BoxOffice> {
    const queue = opened.length === 0 ? harness.queue : await harness.another();
    const bo = createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), queue, queueOptions: { secret }, ownsStore: false });
    opened.push(bo);
    return bo;
  }

  /** Updates are at-most-once: wait until our process's subscription is live before anything is announced. */
  async function subscribed(channel: string): Promise<void> {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    redis.on('error', () => undefined);
    await redis.connect();
    try {
      for (let i = 0; i < 500; i++) {
        const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
        if (Number(count) >= 1) return;
        await sleep(20);
      }
      throw new Error(`nobody subscribed to ${channel}`);
    } finally {
      redis.disconnect();
    }
  }

  async function admittedHeard(updates: QueueUpdate[], userId: string): Promise<string> {
    for (let i = 0; i < 1000; i++) {
      for (const u of updates) {
        const found = u.type === 'queue.admitted' ? u.admitted.find((a) => a.userId === userId) : undefined;
        if (found) return found.admissionToken;
      }
      await sleep(20);
    }
    throw new Error(`no admission of ${userId} was heard`);
  }

  for (const [name, theirs] of [
    ['the same deployment', OURS],
    ['another deployment on the same key prefix', THEIRS],
  ] as const) {
    it(`a token heard from an admission made by ${name} holds on this process`, async () => {
      const ours = await process(OURS);
      const other = await process(theirs);
      const event = await createGaEvent(ours, 10);
      await ours.configureQueue(event.id, { mode: 'fifo', admissionRate: null, maxActive: 5, tickMs: 10 });
      const updates: QueueUpdate[] = [];
      ours.queue.subscribe((u) => updates.push(u));
      await subscribed(`${harness.prefix}queue-updates`);
      await ours.queue.join({ eventId: event.id, userId: 'ann' });

      // The other process wins the tick: it admits Ann and announces her token on the channel.
      expect(await other.admitQueues()).toEqual([expect.objectContaining({ eventId: event.id, admitted: 1 })]);
      const token = await admittedHeard(updates, 'ann');
      // What Ann's status says here is the same token.
      expect((await ours.queue.status({ eventId: event.id, userId: 'ann' })).admissionToken).toBe(token);
      const hold = await ours.hold({ eventId: event.id, userId: 'ann', best: { quantity: 1 }, admissionToken: token });
      expect(hold.status).toBe('ACTIVE');
    });
  }
});
