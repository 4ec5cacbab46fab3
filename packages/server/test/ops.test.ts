import { createBoxOffice, MemoryStore, pagedList, TestPaymentGateway } from '@boxoffice/sdk';
import { openPgliteStore } from '@boxoffice/sdk/pglite';
import { adaptersUnderTest, requireService } from '@boxoffice/sdk/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createServer, RedisRateLimitStore, startServer } from '../src/index.js';
import { SECRET, TEST_SERVER, testApp } from './helpers.js';

const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const redis = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisRateLimitStore.connect(REDIS_URL)).close()));

describe('operations', () => {
  it('answers /healthz, /readyz, /metrics and /openapi.json', async () => {
    const t = await testApp({
      readinessProbes: {
        flaky: async () => {
          if (process.env.__never === undefined) return;
          throw new Error('down');
        },
      },
    });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', flaky: 'ok' } });
      await t.app.inject({ method: 'GET', url: '/events' });
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.body).toContain('boxoffice_http_request_duration_seconds_bucket');
      expect(metrics.body).toMatch(/route="\/events",status="200"/);

      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/events/{eventId}', '/bookings/{id}', '/holds', '/holds/{holdId}/confirm', '/admin/venues', '/healthz']),
      );
      // The seed's POST /bookings/:eventId shares its template with GET /bookings/:bookingId.
      const book = doc.paths['/bookings/{id}'].post;
      expect(book.requestBody.content['application/json'].schema.required).toEqual(['ticketIds', 'paymentDetails']);
      expect(book.responses).toHaveProperty('201');
      expect(book.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'Idempotency-Key', 'X-Admission-Token', 'X-On-Behalf-Of']);
      expect(doc.paths['/bookings/{id}'].get.operationId).toBe('getBooking');
      expect(doc.paths['/holds'].post.security).toEqual([{ bearer: [] }]);
    } finally {
      await t.close();
    }
  });

  it('reports not ready when a dependency does not answer', async () => {
    const t = await testApp({ readinessProbes: { redis: async () => Promise.reject(new Error('connection refused')) } });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.json()).toEqual({ status: 'unavailable', checks: { store: 'ok', redis: 'connection refused' } });
    } finally {
      await t.close();
    }
  });

  it('checks the store without counting its events', async () => {
    // A real store whose count is broken: a probe that still counted would say not ready.
    class NoCount extends MemoryStore {
      override countEvents(): Promise<number> {
        return Promise.reject(new Error('the probe counted events'));
      }
    }
    const t = await testApp({ boxOffice: createBoxOffice({ store: new NoCount(), payments: new TestPaymentGateway() }) });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
    } finally {
      await t.close();
    }
  });

  it('reports not ready when the store does not answer', async () => {
    const store = await openPgliteStore();
    const bo = createBoxOffice({ store, payments: new TestPaymentGateway(), ownsStore: false });
    const app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await store.close();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().status).toBe('unavailable');
      expect(ready.json().checks.store).not.toBe('ok');
    } finally {
      await app.close();
      await bo.close();
    }
  });

  it('starts on a free port over a store spec, serves, and shuts down gracefully', async () => {
    const server = await startServer({ store: 'memory', port: 0, secret: SECRET, logger: false, shedding: { maxEventLoopLagMs: 0 }, sweepIntervalMs: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('finishes a request in flight when closing', async () => {
    const t = await testApp();
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const slowList = () => pagedList(async () => (entered(), await new Promise((r) => setTimeout(r, 300)), { items: [], total: 0, page: 1, pageSize: 20, hasMore: false }));
    const slowBo = { ...t.bo, events: { ...t.bo.events, list: slowList } };
    const server = await startServer({ boxOffice: slowBo, port: 0, secret: SECRET, logger: false, shedding: { maxEventLoopLagMs: 0 } });
    const slow = fetch(`${server.url}/events`).then((r) => r.status);
    await inHandler;
    await server.close();
    expect(await slow).toBe(200);
    await t.close();
  });

  it('refuses a Redis key prefix that would scatter or collide keys, naming it', async () => {
    for (const redisPrefix of ['', 'has space:', 'x'.repeat(65), 'brace{']) {
      await expect(startServer({ store: 'memory', port: 0, secret: SECRET, logger: false, redisUrl: REDIS_URL, redisPrefix })).rejects.toMatchObject({ code: 'VALIDATION', field: 'redisPrefix' });
    }
  });

  it.skipIf(!redis)('deployments on one Redis with different prefixes keep their rate limits apart', async () => {
    const a = await RedisRateLimitStore.connect(REDIS_URL, { prefix: `bo-a-${process.pid}-${Date.now()}:` });
    const b = await RedisRateLimitStore.connect(REDIS_URL, { prefix: `bo-b-${process.pid}-${Date.now()}:` });
    try {
      expect((await a.hit('user:same', 10_000)).count).toBe(1);
      expect((await a.hit('user:same', 10_000)).count).toBe(2);
      expect((await b.hit('user:same', 10_000)).count).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.skipIf(!redis)("keeps a server's Redis keys (rate limits) under its deployment's prefix", async () => {
    const prefix = `bo-test-${process.pid}-${Date.now()}:`;
    const server = await startServer({ store: 'memory', port: 0, secret: SECRET, logger: false, shedding: { maxEventLoopLagMs: 0 }, redisUrl: REDIS_URL, redisPrefix: prefix, sweepIntervalMs: 0 });
    const scan = new Redis(REDIS_URL);
    try {
      // An anonymous request counts against its address's limit, in Redis.
      expect((await fetch(`${server.url}/events`)).status).toBe(200);
      const keys = await scan.keys(`${prefix}*`);
      expect(keys.some((k) => k.startsWith(`${prefix}rl:`))).toBe(true);
    } finally {
      await server.close();
      const left = await scan.keys(`${prefix}*`);
      if (left.length > 0) await scan.unlink(...left);
      scan.disconnect();
    }
  });

  it.skipIf(!redis)('with Redis: checks it for readiness and shares the event bus', async () => {
    const server = await startServer({ store: 'memory', port: 0, secret: SECRET, logger: false, shedding: { maxEventLoopLagMs: 0 }, redisUrl: REDIS_URL, sweepIntervalMs: 0 });
    try {
      // Search is ready once its index is built at start-up (an empty catalog: moments).
      let body: unknown;
      for (let i = 0; i < 100; i++) {
        body = await (await fetch(`${server.url}/readyz`)).json();
        if ((body as { status: string }).status === 'ready') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toEqual({ status: 'ready', checks: { store: 'ok', redis: 'ok', search: 'ok' } });
    } finally {
      await server.close();
    }
  });
});
