import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/domain/queue.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { MemoryQueue } from '../../src/adapters/queue/memory/memory-queue.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { createGaEvent, QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
import { queueResetCases } from './queue-reset-cases.js';

/**
 * The reset cases on the memory adapters: "losing the queue" is swapping in an empty memory
 * queue under the same store, which is what a process sees after Redis came back empty.
 */
describe('queue reset: memory store, memory queue', () => {
  queueResetCases(async () => {
    const store = new MemoryStore();
    const payments = new TestPaymentGateway();
    let queue = new MemoryQueue();
    const open = (q: MemoryQueue) => createBoxOffice({ store, payments, queue: q, ownsStore: false, queueOptions: { secret: QUEUE_TEST_SECRET } });
    const world = {
      a: open(queue),
      // The second "process" shares the first one's queue until the loss (memory is one process's).
      b: open(queue),
      async lose() {
        queue = new MemoryQueue();
        await Promise.all([world.a.close(), world.b.close()]);
        world.a = open(queue);
        world.b = open(queue);
      },
      async close() {
        await Promise.all([world.a.close(), world.b.close()]);
      },
    } as { a: BoxOffice; b: BoxOffice; lose(): Promise<void>; close(): Promise<void> };
    return world;
  });
});

describe('queue reset: a queue configured before the store kept configurations', () => {
  it('is written to the store by the admission sweep, so a later loss re-creates it', async () => {
    const store = new MemoryStore();
    const open = (q: MemoryQueue) => createBoxOffice({ store, payments: new TestPaymentGateway(), queue: q, ownsStore: false, queueOptions: { secret: QUEUE_TEST_SECRET } });
    const before = new MemoryQueue();
    const bo = open(before);
    const event = await createGaEvent(bo, 5);
    // What an older version left: the queue in the backend only.
    await before.configure(event.id, { ...DEFAULT_QUEUE_SETTINGS, admissionRate: 3 }, null);
    expect(await store.queueConfigs.getQueueConfig(event.id)).toBeNull();
    await bo.admitQueues();
    expect(await store.queueConfigs.getQueueConfig(event.id)).toMatchObject({ settings: { enabled: true, admissionRate: 3 }, paused: false });
    await bo.close();

    const after = open(new MemoryQueue());
    await expect(after.hold({ eventId: event.id, userId: 'zed', best: { quantity: 1 } })).rejects.toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });
    expect(await after.queueStats(event.id)).toMatchObject({ generation: 1, settings: { admissionRate: 3 } });
    await after.close();
  });
});
