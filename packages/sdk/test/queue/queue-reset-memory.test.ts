import { describe } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { MemoryQueue } from '../../src/adapters/queue/memory/memory-queue.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
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
