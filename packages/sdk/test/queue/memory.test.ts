import { MemoryQueue } from '../../src/adapters/queue/memory/memory-queue.js';
import { adaptersUnderTest } from '../../src/testing/index.js';
import { queueConformance } from '../../src/testing/queue-conformance.js';
import { describe, it } from 'vitest';

if (adaptersUnderTest().has('memory')) {
  queueConformance('memory', async () => {
    const queue = new MemoryQueue();
    return { queue, another: async () => queue, advanceClock: (ms) => queue.advanceClock(ms), cleanup: () => queue.close() };
  });
} else {
  describe.skip('queue conformance: memory (not in BOXOFFICE_ADAPTERS)', () => it('skipped', () => undefined));
}
