import { randomBytes } from 'node:crypto';
import { connect, signToken, type LiveDiff, type RemoteBoxOffice } from '@boxoffice/sdk';
import { dropSchema, openPostgresStore } from '@boxoffice/sdk/postgres';
import { adaptersUnderTest, requireService } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/index.js';
import { SECRET } from './helpers.js';
import { spawnServer, type ServerProcess } from './process/spawn.js';

/**
 * Three server processes on one PostgreSQL schema and one Redis: buyers spread across them race
 * for one event's seats, a live client on the first sees holds made through the third, and
 * nothing is oversold.
 */
const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const schema = `bo_mp_${randomBytes(5).toString('hex')}`;
const wanted = adaptersUnderTest();
const ready =
  wanted.has('postgres') &&
  wanted.has('redis') &&
  (await requireService('PostgreSQL', async () => (await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 1 })).close())) &&
  (await requireService('Redis', async () => (await RedisRateLimitStore.connect(REDIS_URL)).close()));

describe.skipIf(!ready)('three server processes, one deployment', () => {
  const servers: ServerProcess[] = [];
  const clients: RemoteBoxOffice[] = [];
  const admin = signToken(SECRET, { userId: 'ops', role: 'admin' });

  beforeAll(async () => {
    // One fresh schema for the deployment (the probe created and migrated it).
    const store = `${PG_URL}?schema=${schema}`;
    // A prefix of this run's own: another deployment (or test run) on the same Redis is not ours.
    const env = { BO_STORE: store, BO_REDIS: `${REDIS_URL}`, BO_SECRET: SECRET, BO_REDIS_PREFIX: `bo-test-${randomBytes(4).toString('hex')}:` };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)])));
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) await c.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (ready) await dropSchema({ connectionString: PG_URL, schema });
  });

  it('sells each seat once across processes, and pushes holds made on one to live clients of another', async () => {
    const [first, , third] = servers.map((s) => connect(s.url, { token: admin }));
    clients.push(first!, third!);
    const venue = await first!.createVenue({ name: 'Hall', city: 'Porto', lat: 41.1, lon: -8.6, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'A', seatCount: 10 }] }] } });
    const event = await first!.createEvent({ title: 'Race', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 1000 }, maxTicketsPerUser: null });
    const row = (await first!.getTickets(event.id)).sort((a, b) => a.seat! - b.seat!).map((t) => t.id);

    const diffs: LiveDiff[] = [];
    let snapshot = false;
    const watch = first!.watchEvent(event.id, { onSnapshot: () => (snapshot = true), onDiff: (d) => diffs.push(d) });
    for (let i = 0; i < 200 && !snapshot; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(snapshot).toBe(true);
    const held = await third!.hold({ eventId: event.id, userId: 'carol', ticketIds: [row[9]!] });
    for (let i = 0; i < 200 && diffs.length === 0; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(diffs[0]?.changes).toEqual([[held.ticketIds[0], 'R']]);
    watch.close();

    // 30 buyers, spread over the three processes, each wanting two neighbouring seats of nine.
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const bo = connect(servers[i % 3]!.url, { token: signToken(SECRET, { userId: `buyer${i}` }) });
        clients.push(bo);
        const k = i % 8;
        return bo.book({ eventId: event.id, userId: `buyer${i}`, ticketIds: [row[k]!, row[k + 1]!], paymentDetails: { token: 'tok_visa' } }).then(
          (b) => b.ticketIds,
          (e: { code?: string }) => {
            if (e.code !== 'SEAT_UNAVAILABLE') throw e;
            return [];
          },
        );
      }),
    );
    const sold = results.flat();
    expect(sold.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sold).size).toBe(sold.length);
    expect(await third!.audit(event.id)).toMatchObject({ ok: true });
  });

  it('shares one waiting queue: numbers across processes, and each live client hears its turn whichever process admitted it', async () => {
    const ops = connect(servers[0]!.url, { token: admin });
    clients.push(ops);
    const venue = await ops.createVenue({ name: 'Queue hall', city: 'Porto', lat: 41.1, lon: -8.6, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'A', seatCount: 10 }] }] } });
    const event = await ops.createEvent({ title: 'Hot', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 1000 } });
    await ops.configureQueue(event.id, { enabled: true, admissionRate: 1000, maxActive: 100 });
    // Paused while everyone joins, so one tick (won by one process) admits all three at once:
    // at least two of the three listeners below can only hear of it from another process.
    await ops.pauseQueue(event.id);
    const users = ['qa', 'qb', 'qc'];
    const buyers = users.map((userId, i) => connect(servers[i]!.url, { token: signToken(SECRET, { userId }) }));
    clients.push(...buyers);
    const turns = users.map((userId, i) => {
      return new Promise<string>((resolve) => {
        buyers[i]!.queue.subscribe((u) => {
          // This event only: another run's processes may share the Redis (and these user ids).
          const mine = u.type === 'queue.admitted' && u.eventId === event.id ? u.admitted.find((a) => a.userId === userId) : undefined;
          if (mine) resolve(mine.admissionToken);
        });
      });
    });
    const numbers = [];
    for (const [i, userId] of users.entries()) numbers.push((await buyers[i]!.queue.join({ eventId: event.id, userId })).number);
    expect(numbers).toEqual([1, 2, 3]); // one line, not one per process
    await new Promise((r) => setTimeout(r, 500)); // the live sockets and the pub/sub subscriptions settle
    await ops.resumeQueue(event.id);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no live admission within 10 s')), 10_000));
    const tokens = await Promise.race([Promise.all(turns), timeout]);
    // A token heard on process i works on another process: one deployment, one secret, one queue.
    const qaElsewhere = connect(servers[2]!.url, { token: signToken(SECRET, { userId: 'qa' }) });
    clients.push(qaElsewhere);
    const held = await qaElsewhere.hold({ eventId: event.id, userId: 'qa', best: { quantity: 1 }, admissionToken: tokens[0] });
    expect(held.ticketIds).toHaveLength(1);
    await expect(buyers[1]!.hold({ eventId: event.id, userId: 'qb', best: { quantity: 1 } })).rejects.toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });
  });

  it('closes every process gracefully on SIGTERM', async () => {
    const codes = await Promise.all(servers.map((s) => s.stop()));
    expect(codes).toEqual([0, 0, 0]);
  });
});
