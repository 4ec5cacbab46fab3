import { describe, it } from 'vitest';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { queueConformance } from '../../src/testing/queue-conformance.js';
import { REDIS_URL, redisQueueHarness } from './redis-harness.js';

const run = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisQueue.connect({ url: REDIS_URL })).close()));

if (run) {
  queueConformance('redis', () => redisQueueHarness());
} else {
  describe.skip('queue conformance: redis (not in BOXOFFICE_ADAPTERS, or unreachable)', () => it('skipped', () => undefined));
}
