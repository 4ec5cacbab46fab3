import { signToken, verifyToken } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { claimsIfAny, requireClaims } from '../src/auth/bearer.js';
import { bearer, SECRET, testApp, type TestApp } from './helpers.js';

describe('bearer tokens', () => {
  it('round-trips user, role and expiry, and refuses tampering, other secrets and expiry', () => {
    const now = Date.UTC(2030, 0, 1);
    const token = signToken(SECRET, { userId: 'alice', role: 'admin', ttlSeconds: 60, now });
    expect(verifyToken(SECRET, token, now)).toEqual({ userId: 'alice', role: 'admin', expiresAt: now + 60_000 });
    const [v, payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'alice', role: 'admin', exp: now / 1000 + 9999 })).toString('base64url');
    const attempts = [`${v}.${forged}.${sig}`, `${v}.${payload}.${sig}x`, 'nope', '', `${v}.${payload}`, 'a'.repeat(5000)];
    for (const bad of attempts) expect(() => verifyToken(SECRET, bad, now)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => verifyToken('another-secret-of-16+', token, now)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(() => verifyToken(SECRET, token, now + 60_000)).toThrow(/expired/);
    expect(() => signToken('short', { userId: 'alice' })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'secret' }));
    expect(() => signToken(SECRET, { userId: 'no spaces' })).toThrow(expect.objectContaining({ field: 'userId' }));
  });
});

describe('route auth', () => {
  let t: TestApp;
  let eventId: string;
  beforeAll(async () => {
    t = await testApp();
    eventId = (await t.bo.listEvents()).at(0)?.id ?? 'evt_none';
  });
  afterAll(() => t.close());

  it('lets anyone view; needs a token to hold or book; needs admin for admin routes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    for (const [method, url] of [
      ['POST', '/holds'],
      ['GET', '/holds/hld_x'],
      ['DELETE', '/holds/hld_x'],
      ['GET', '/bookings'],
      ['GET', '/bookings/bkg_x'],
      ['POST', '/bookings/bkg_x/cancel'],
      ['POST', `/bookings/${eventId}`],
    ] as const) {
      const res = await t.app.inject({ method, url, ...(method === 'POST' && url !== '/bookings/bkg_x/cancel' ? { payload: {} } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    const admin = [
      ['POST', '/admin/performers', { name: 'X' }],
      ['GET', '/admin/audit', undefined],
      ['POST', '/admin/sweep', undefined],
    ] as const;
    for (const [method, url, payload] of admin) {
      const opts = { method, url, ...(payload ? { payload } : {}) };
      expect((await t.app.inject(opts)).statusCode, `${url} anonymous`).toBe(401);
      expect((await t.app.inject({ ...opts, headers: t.as.alice })).json(), `${url} user`).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await t.app.inject({ ...opts, headers: t.as.admin })).statusCode, `${url} admin`).toBeLessThan(300);
    }
  });

  it('refuses bad, foreign and expired tokens with 401', async () => {
    const expired = signToken(SECRET, { userId: 'alice', ttlSeconds: 1, now: Date.now() - 10_000 });
    const foreign = signToken('some-other-deployment-secret', { userId: 'alice' });
    for (const authorization of [`Bearer ${expired}`, `Bearer ${foreign}`, 'Bearer', 'Basic YWxpY2U6eA==', `Bearer ${'x'.repeat(3000)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/bookings', headers: { authorization } });
      expect(res.statusCode, authorization.slice(0, 30)).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: bearer('alice') })).statusCode).toBe(200);
  });
});

describe('one verification per request', () => {
  it('verifies a request\'s token once and hands every later caller the same claims (or the same refusal)', () => {
    const request = { headers: bearer('alice') } as unknown as FastifyRequest;
    const claims = requireClaims(request, SECRET);
    // The very object, not an equal one: the HMAC was not computed again.
    expect(claimsIfAny(request, SECRET)).toBe(claims);
    expect(requireClaims(request, SECRET)).toBe(claims);
    const forged = { headers: { authorization: 'Bearer bo1.x.y' } } as unknown as FastifyRequest;
    let refusal: unknown;
    try {
      requireClaims(forged, SECRET);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(() => requireClaims(forged, SECRET)).toThrow(refusal as Error);
    expect(claimsIfAny(forged, SECRET)).toBeUndefined();
    expect(() => requireClaims({ headers: { authorization: 'Basic abc' } } as unknown as FastifyRequest, SECRET)).toThrow(/expected "Bearer <token>"/);
    expect(() => requireClaims({ headers: {} } as unknown as FastifyRequest, SECRET)).toThrow(/a bearer token is required/);
  });
});
