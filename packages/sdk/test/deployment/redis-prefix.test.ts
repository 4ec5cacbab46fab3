import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDeployment, createTestGateway, MemoryStore, type Deployment, type DomainEvent } from '../../src/index.js';
import { adaptersUnderTest, createHallEvent, requireService, seatsOf } from '../../src/testing/index.js';
import { openRedisClient } from '../../src/adapters/redis.js';
import { deletePrefix, REDIS_URL } from '../queue/redis-harness.js';

const reachable = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await openRedisClient(REDIS_URL, 'views')).quit()));

/** Every key under `prefix` on the shared Redis. */
async function keysUnder(prefix: string): Promise<string[]> {
  const redis = await openRedisClient(REDIS_URL, 'views');
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    return found;
  } finally {
    await redis.quit();
  }
}

/** Deployments on one Redis, each under its prefix: what they share and what they do not. */
describe.skipIf(!reachable)('createDeployment on Redis', () => {
  const run = randomBytes(6).toString('hex');
  const prefixes = [`bo:test:${run}:a:`, `bo:test:${run}:b:`];
  const open: Deployment[] = [];
  const deploy = async (redisPrefix: string, store = new MemoryStore()) => {
    const d = await createDeployment({ store, redis: REDIS_URL, redisPrefix, payments: createTestGateway() });
    open.push(d);
    return d;
  };
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefix(REDIS_URL, prefix);
  });

  it("keeps each deployment's keys and events under its own prefix", async () => {
    const [pa, pb] = prefixes as [string, string];
    // a1 and a2: two processes of one deployment over one store; b: another deployment.
    const shared = new MemoryStore();
    const [a1, a2, b] = [await deploy(pa, shared), await deploy(pa, shared), await deploy(pb)];
    expect(a1.redis!.keys.prefix).toBe(pa);
    const heard = { a2: [] as DomainEvent[], b: [] as DomainEvent[] };
    a2.boxOffice.subscribe((e) => heard.a2.push(e));
    b.boxOffice.subscribe((e) => heard.b.push(e));

    const { event } = await createHallEvent(a1.boxOffice);
    await a1.boxOffice.queue.configure(event.id, { enabled: true, mode: 'fifo' });
    const [seat] = await seatsOf(a1.boxOffice, event.id, 'A', 'A');
    await a1.boxOffice.queue.configure(event.id, { enabled: false, mode: 'fifo' });
    await a1.boxOffice.holds.create({ eventId: event.id, ticketIds: [seat!] }, { userId: 'usr_1' });

    // The other process of the deployment hears the hold over the bus; b, on its own channel, does not.
    await expect.poll(() => heard.a2.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // Redis sends a publish to every subscriber of its channel at once: had b shared it, b would have it too.
    expect(heard.b).toEqual([]);

    // The queue's keys are under a's prefix only; b's prefix holds nothing.
    expect((await keysUnder(pa)).length).toBeGreaterThan(0);
    expect(await keysUnder(pb)).toEqual([]);
  });

  it('closes every connection it opened, the ones it lent to other parts included', async () => {
    const d = await deploy(prefixes[0]!);
    const lent = (await d.redis!.connect('views')) as Redis;
    expect(lent.status).toBe('ready');
    await d.boxOffice.close();
    open.splice(open.indexOf(d), 1);
    expect(lent.status).toBe('end');
    await expect(d.readiness.redis!()).rejects.toThrow();
  });
});
