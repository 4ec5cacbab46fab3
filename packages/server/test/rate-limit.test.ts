import { randomBytes } from 'node:crypto';
import { requireService, adaptersUnderTest } from '@boxoffice/sdk/testing';
import { describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/index.js';
import { bearer, testApp } from './helpers.js';

const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const redis = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisRateLimitStore.connect(REDIS_URL)).close()));

describe('rate limits', () => {
  it('answers 429 + Retry-After past a user limit, per user, and per IP when asked', async () => {
    const t = await testApp({ rateLimit: { perUser: { limit: 3, windowMs: 10_000 }, perIp: { limit: 8, windowMs: 60_000 } } });
    try {
      const mine = () => t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.alice });
      expect([(await mine()).statusCode, (await mine()).statusCode, (await mine()).statusCode]).toEqual([200, 200, 200]);
      const limited = await mine();
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', details: { scope: 'user', limit: 3 } });
      expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.bob })).statusCode).toBe(200);
      // Anonymous viewing counts only against the IP limit (8 here; 5 used so far).
      for (let i = 0; i < 3; i += 1) expect((await t.app.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
      const ip = await t.app.inject({ method: 'GET', url: '/events' });
      expect(ip.statusCode).toBe(429);
      expect(ip.json()).toMatchObject({ details: { scope: 'ip' } });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('an admin acting for users counts against each of them; its own calls are not limited', async () => {
    const t = await testApp({ rateLimit: { perUser: { limit: 2, windowMs: 10_000 } } });
    try {
      const as = (user?: string) =>
        t.app.inject({ method: 'GET', url: '/bookings', headers: { ...t.as.admin, ...(user === undefined ? {} : { 'x-on-behalf-of': user }) } }).then((r) => r.statusCode);
      // Many users through one admin token: each has a limit of its own.
      expect([await as('u1'), await as('u2'), await as('u3'), await as('u1')]).toEqual([200, 200, 200, 200]);
      expect(await as('u1')).toBe(429);
      // alice's own token and the admin acting as alice share alice's count.
      expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.alice })).statusCode).toBe(200);
      expect(await as('alice')).toBe(200);
      expect(await as('alice')).toBe(429);
      // The admin's own calls: not limited per user.
      for (let i = 0; i < 6; i += 1) expect(await as()).toBe(200);
    } finally {
      await t.close();
    }
  });

  it.skipIf(!redis)('shares counts between processes through Redis', async () => {
    const [s1, s2] = await Promise.all([RedisRateLimitStore.connect(REDIS_URL), RedisRateLimitStore.connect(REDIS_URL)]);
    const user = `rl-${randomBytes(6).toString('hex')}`;
    const a = await testApp({ rateLimit: { perUser: { limit: 2, windowMs: 5_000 }, store: s1 } });
    const b = await testApp({ rateLimit: { perUser: { limit: 2, windowMs: 5_000 }, store: s2 } });
    try {
      const call = (t: typeof a) => t.app.inject({ method: 'GET', url: '/bookings', headers: bearer(user) }).then((r) => r.statusCode);
      expect([await call(a), await call(b), await call(a), await call(b)]).toEqual([200, 200, 429, 429]);
    } finally {
      await a.close();
      await b.close();
      await s1.close();
      await s2.close();
    }
  });
});
