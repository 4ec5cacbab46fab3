import { randomBytes } from 'node:crypto';
import { connect, createBoxOffice, MemoryStore, signToken, TestPaymentGateway, type BoxOffice, type QueueUpdate, type RemoteBoxOffice } from '@boxoffice/sdk';
import { RedisQueue } from '@boxoffice/sdk/redis';
import { adaptersUnderTest, createHallEvent } from '@boxoffice/sdk/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { listenUrl, SECRET, TEST_SERVER } from './helpers.js';

/**
 * The remote client through a queue reset: the server's Redis queue loses every key (what a
 * restart without persistence leaves); the client hears `queue.reset` over WS /live, gets
 * QUEUE_RESET from its status, and joins again with its receipt to keep its number.
 */
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const prefix = `bo:test:${randomBytes(6).toString('hex')}:`;

async function deleteQueueKeys(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(!adaptersUnderTest().has('redis'))('the remote client through a queue reset', () => {
  let bo: BoxOffice;
  let queue: RedisQueue;
  let app: FastifyInstance;
  let url: string;
  const clients: RemoteBoxOffice[] = [];

  beforeAll(async () => {
    queue = await RedisQueue.connect({ url: REDIS_URL, prefix });
    bo = createBoxOffice({ store: new MemoryStore(), payments: new TestPaymentGateway({ timeoutMs: 5 }), queue, queueOptions: { secret: SECRET } });
    app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER });
    url = await listenUrl(app);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await app.close();
    await bo.close();
    await queue.close();
    await deleteQueueKeys();
  });

  it('hears queue.reset, gets QUEUE_RESET, and keeps its number with its receipt', async () => {
    const { event } = await createHallEvent(bo);
    await bo.configureQueue(event.id, { enabled: true, admissionRate: 0.01, maxActive: 1 });
    const as = (userId: string) => {
      const c = connect(url, { token: signToken(SECRET, { userId }) });
      clients.push(c);
      return c;
    };
    const ann = as('ann');
    const bob = as('bob');
    await ann.queue.join({ eventId: event.id, userId: 'ann' });
    const first = await bob.queue.join({ eventId: event.id, userId: 'bob' });
    expect(first).toMatchObject({ number: 2, receipt: expect.any(String) });
    const heard: QueueUpdate[] = [];
    bob.queue.subscribe((u) => heard.push(u));
    // Updates are at-most-once: wait until the live socket carries one (a settings change) first.
    for (let i = 0; i < 100 && !heard.some((u) => u.type === 'queue.settings'); i++) {
      await bo.configureQueue(event.id, { tickMs: 250 });
      await new Promise((r) => setTimeout(r, 100));
    }

    await deleteQueueKeys();
    await expect(bob.queue.status({ eventId: event.id, userId: 'bob' })).rejects.toMatchObject({ code: 'QUEUE_RESET' });
    for (let i = 0; i < 100 && !heard.some((u) => u.type === 'queue.reset'); i++) await new Promise((r) => setTimeout(r, 50));
    const reset = heard.find((u) => u.type === 'queue.reset');
    expect(reset).toMatchObject({ type: 'queue.reset', eventId: event.id, generation: 1 });
    expect(reset).not.toHaveProperty('detectedHere');

    const again = await bob.queue.join({ eventId: event.id, userId: 'bob', receipt: first.receipt! });
    expect(again).toMatchObject({ number: 2, state: 'waiting' });
    await expect(ann.queue.join({ eventId: event.id, userId: 'ann', receipt: first.receipt! })).rejects.toMatchObject({ code: 'QUEUE_TOKEN_INVALID', field: 'receipt' });
  });
});
