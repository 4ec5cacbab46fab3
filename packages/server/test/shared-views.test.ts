import { randomBytes } from 'node:crypto';
import { createBoxOffice, MemoryStore, TestPaymentGateway, type BoxOffice } from '@boxoffice/sdk';
import { RedisEventBus } from '@boxoffice/sdk/redis';
import { adaptersUnderTest, createHallEvent, requireService } from '@boxoffice/sdk/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, RedisSharedViews } from '../src/index.js';
import { SECRET, TEST_SERVER } from './helpers.js';

/**
 * The view cache shared through Redis, between three server instances wired as three processes
 * are (each its own BoxOffice, Redis bus and Redis connection; one memory store stands in for
 * PostgreSQL): a view one builds is served by the others, with the same ETag, and a ticket
 * change made through one is never served stale by another.
 */
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const run = randomBytes(6).toString('hex');
const prefix = `bo:test:${run}:`;
const channel = `bo:test:${run}:events`;

const reachable =
  adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisSharedViews.connect(REDIS_URL, { prefix })).close()));

describe.skipIf(!reachable)('views shared through Redis', () => {
  const store = new MemoryStore();
  const nodes: Array<{ bo: BoxOffice; app: FastifyInstance; shared: RedisSharedViews }> = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) {
      const bus = await RedisEventBus.connect({ url: REDIS_URL, channel });
      const bo = createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), bus, ownsStore: false });
      const shared = await RedisSharedViews.connect(REDIS_URL, { prefix });
      // A long local max age: only the bus and the shared token may make a view fresh here.
      const app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER, cache: { minRefreshMs: 0, maxAgeMs: 60_000, shared } });
      await app.ready();
      nodes.push({ bo, app, shared });
    }
  });
  afterAll(async () => {
    for (const n of nodes) {
      await n.app.close();
      await n.bo.close();
      await n.shared.close();
    }
  });

  const get = (i: number, url: string) => nodes[i]!.app.inject({ method: 'GET', url });
  const results = async (i: number) => {
    const body = (await get(i, '/metrics')).body;
    return Object.fromEntries([...body.matchAll(/boxoffice_view_cache_total\{view="event",result="(\w+)"\} (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  };
  async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await what();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('serves a view built by one process from the others, and no process serves it past a change', async () => {
    const { event } = await createHallEvent(nodes[0]!.bo);
    const url = `/events/${event.id}`;
    const first = await get(0, url);
    expect(first.statusCode).toBe(200);
    expect(await results(0)).toEqual({ miss: 1 });

    // The second process takes the view the first stored (once its write, after the answer, landed).
    const second = await until(() => nodes[1]!.shared.read(event.id), (r) => r.view !== null);
    expect(second.view).not.toBeNull();
    const fromShared = await get(1, url);
    expect(fromShared.headers.etag).toBe(first.headers.etag);
    expect(fromShared.body).toBe(first.body);
    expect(await results(1)).toEqual({ shared: 1 });

    // A hold through the second process: the first (which cached the view in memory) and the
    // third (which has nothing yet, so would read Redis) both answer with the seat RESERVED.
    const seat = first.json().tickets[0].id as string;
    await nodes[1]!.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [seat] });
    const statusOf = async (i: number) => (await get(i, url)).json().tickets.find((t: { id: string }) => t.id === seat).status as string;
    expect(await statusOf(2)).toBe('RESERVED');
    expect(await results(2)).toEqual({ miss: 1 });
    expect(await until(() => statusOf(0), (s) => s === 'RESERVED', 1000)).toBe('RESERVED');
    const after = await get(0, url);
    expect(after.headers.etag).not.toBe(first.headers.etag);
  });

  it('never serves a view stored under a token a change has replaced', async () => {
    const shared = nodes[0]!.shared;
    const eventId = `evt_${randomBytes(8).toString('hex')}`;
    const view = { full: Buffer.from('{"v":1}'), availability: Buffer.from('{"a":1}'), ticketCount: 1, holdExpiresAt: Number.POSITIVE_INFINITY, builtAt: Date.now() };
    const { token } = await shared.read(eventId);
    await shared.write(eventId, token, view, 5000);
    expect((await shared.read(eventId)).view?.full.toString()).toBe('{"v":1}');
    // A change announced meanwhile (by any process) replaces the token: the stored view is dead,
    // and so is one written late by a builder that read the old token before the change.
    nodes[2]!.shared.invalidate(eventId);
    await until(() => shared.read(eventId), (r) => r.view === null);
    expect((await shared.read(eventId)).view).toBeNull();
    await shared.write(eventId, token, view, 5000);
    expect((await shared.read(eventId)).view).toBeNull();
  });
});
