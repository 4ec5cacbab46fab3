import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import { createBoxOffice, createTestGateway, MemoryStore, runSimulation, seededRandom, type BoxOffice, type SimulationReport } from '../../src/index.js';
import { adaptersUnderTest } from '../../src/testing/index.js';
import { QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
import { deletePrefix, REDIS_URL } from '../queue/redis-harness.js';

/**
 * An on-sale simulation through a Redis queue that Redis loses at the first admission (every
 * key of the queue deleted, as a restart without persistence leaves it). The queue comes back
 * from the store and the simulated users, told by `queue.reset`, join again with their
 * receipts: the run still sells out, clean. Without re-joining they would wait forever.
 */
describe.skipIf(!adaptersUnderTest().has('redis'))('simulation through a queue Redis loses mid-run', () => {
  let bo: BoxOffice | undefined;
  let queue: RedisQueue | undefined;
  const prefix = `bo:test:${randomBytes(6).toString('hex')}:`;
  afterEach(async () => {
    await bo?.close();
    await queue?.close();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('re-joins the waiting users with their receipts and sells out', async () => {
    const store = new MemoryStore();
    queue = await RedisQueue.connect({ url: REDIS_URL, prefix });
    bo = createBoxOffice({ store, payments: createTestGateway(), queue, random: seededRandom(3), queueOptions: { secret: QUEUE_TEST_SECRET } });
    let lost: Promise<unknown> | null = null;
    bo.queue.subscribe((u) => {
      if (u.type === 'queue.admitted' && lost === null) lost = deletePrefix(REDIS_URL, prefix);
    });
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the run did not finish: waiting users were never admitted after the reset')), 120_000);
    });
    let report: SimulationReport;
    try {
      report = await Promise.race([runSimulation(bo, { users: 300, seats: 60, concurrency: 4, abandonRate: 0, queue: true, storeClock: store }), stuck]);
    } finally {
      clearTimeout(timer);
    }
    expect(lost).not.toBeNull();
    expect(report.ok).toBe(true);
    expect(report.soldOut).toBe(true);
    expect((await bo.queueStats(report.eventId)).generation).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
