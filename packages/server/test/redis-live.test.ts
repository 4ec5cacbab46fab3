import { randomBytes } from 'node:crypto';
import { createBoxOffice, MemoryStore, TestPaymentGateway, type BoxOffice } from '@boxoffice/sdk';
import { RedisEventBus } from '@boxoffice/sdk/redis';
import { adaptersUnderTest, createHallEvent, requireService } from '@boxoffice/sdk/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { bearer, SECRET, TEST_SERVER } from './helpers.js';
import { LiveClient } from './live-helpers.js';

/**
 * Two server processes' worth of wiring in one test process: each has its own BoxOffice and
 * its own Redis bus (one shared store stands in for PostgreSQL), so the only path between
 * them is Redis pub/sub, as between real processes.
 */
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const channel = `bo:test:${randomBytes(6).toString('hex')}`;

const reachable =
  adaptersUnderTest().has('redis') &&
  (await requireService('Redis', async () => {
    const probe = await RedisEventBus.connect({ url: REDIS_URL, channel, redisOptions: { connectTimeout: 2000, maxRetriesPerRequest: 1, retryStrategy: () => null } });
    await probe.close();
  }));

describe.skipIf(!reachable)('across processes through the Redis event bus', () => {
  const store = new MemoryStore();
  const nodes: Array<{ bo: BoxOffice; app: FastifyInstance; url: string }> = [];
  let client: LiveClient | undefined;

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const bus = await RedisEventBus.connect({ url: REDIS_URL, channel });
      const bo = createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), bus, ownsStore: false });
      const app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER, cache: { minRefreshMs: 0, maxAgeMs: 60_000 } });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      nodes.push({ bo, app, url: `127.0.0.1:${port}` });
    }
  });
  afterAll(async () => {
    client?.close();
    for (const n of nodes) {
      await n.app.close();
      await n.bo.close();
    }
  });

  it('a live client on the first server sees a hold made through the second, and its cached view follows', async () => {
    const [first, second] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const { event } = await createHallEvent(first.bo);
    const layout = (await first.app.inject({ method: 'GET', url: `/events/${event.id}/layout` })).json();
    const before = await first.app.inject({ method: 'GET', url: `/events/${event.id}/availability` });
    expect(before.json().statuses[0]).toBe('A');

    client = await LiveClient.connect(`ws://${first.url}/events/${event.id}/live`);
    await client.waitFor((m) => m.type === 'snapshot');
    const held = await second.app.inject({ method: 'POST', url: '/holds', headers: bearer('alice'), payload: { eventId: event.id, ticketIds: [layout.tickets.id[0]] } });
    expect(held.statusCode).toBe(201);
    const diff = await client.waitFor((m) => m.type === 'diff');
    expect(diff).toMatchObject({ seq: 1, changes: [[layout.tickets.id[0], 'R']] });

    const after = await first.app.inject({ method: 'GET', url: `/events/${event.id}/availability`, headers: { 'if-none-match': before.headers.etag as string } });
    expect(after.statusCode).toBe(200);
    expect(after.json().statuses[0]).toBe('R');
  });
});
