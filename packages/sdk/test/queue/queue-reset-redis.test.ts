import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { dropSchema, openPostgresStore } from '../../src/adapters/postgres/index.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { adaptersUnderTest } from '../../src/testing/index.js';
import { QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
import { BACKENDS, PG_URL } from '../postgres/harness.js';
import { deletePrefix, REDIS_URL } from './redis-harness.js';
import { queueResetCases } from './queue-reset-cases.js';

/**
 * The reset cases on what a deployment runs: two "processes" (two store connections to one
 * PostgreSQL schema, two Redis connections under one key prefix, each its own BoxOffice), and
 * the loss is every key of the queue deleted at once (redis-restart.test.ts kills a real
 * redis-server instead).
 */
const run = adaptersUnderTest().has('redis') && BACKENDS.some((b) => b.name === 'postgres');

describe.skipIf(!run)('queue reset: PostgreSQL store, Redis queue, two processes', () => {
  queueResetCases(async () => {
    const schema = `bo_test_${randomBytes(6).toString('hex')}`;
    const prefix = `bo:test:${randomBytes(6).toString('hex')}:`;
    const open = async () => {
      const store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 });
      const queue = await RedisQueue.connect({ url: REDIS_URL, prefix });
      const bo = createBoxOffice({ store, payments: new TestPaymentGateway(), queue, queueOptions: { secret: QUEUE_TEST_SECRET } });
      return {
        bo,
        close: async () => {
          await bo.close();
          await queue.close();
        },
      };
    };
    // Sequential: both would migrate the fresh schema at once otherwise (safe, but slower here).
    const a = await open();
    const b = await open();
    return {
      a: a.bo,
      b: b.bo,
      lose: async () => void (await deletePrefix(REDIS_URL, prefix)),
      close: async () => {
        await a.close();
        await b.close();
        await deletePrefix(REDIS_URL, prefix);
        await dropSchema({ connectionString: PG_URL, schema });
      },
    };
  });
});
if (!run) describe.skip('queue reset on Redis (needs redis and postgres in BOXOFFICE_ADAPTERS)', () => it('skipped', () => undefined));
