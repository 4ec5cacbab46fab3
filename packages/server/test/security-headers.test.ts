import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuiltWeb } from '../web/build.js';
import { hallEvent, testApp, type TestApp } from './helpers.js';

/** Security headers on every kind of response, over inject(). */
let web: BuiltWeb;
let t: TestApp;
let withHsts: TestApp;
let eventId: string;

beforeAll(async () => {
  web = await buildWeb(await mkdtemp(join(tmpdir(), 'boxoffice-headers-test-')));
  t = await testApp({ pages: { dir: web.outDir }, rateLimit: { perAnonymousIp: { limit: 1000, windowMs: 60_000 }, perUser: { limit: 1, windowMs: 60_000 } } });
  withHsts = await testApp({ pages: false, hsts: { maxAgeSeconds: 600, includeSubDomains: true } });
  eventId = (await hallEvent(t)).event.id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await withHsts?.close();
  await rm(web.outDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('are on answers, problems, 404s, 304s, 429s, pages and static files; HSTS only when configured', async () => {
    const view = await t.app.inject({ method: 'GET', url: `/events/${eventId}` });
    const asset = Object.values(web.assets)[0]!;
    const responses = {
      view,
      notModified: await t.app.inject({ method: 'GET', url: `/events/${eventId}`, headers: { 'if-none-match': view.headers.etag as string } }),
      notFound: await t.app.inject({ method: 'GET', url: '/nowhere' }),
      validation: await t.app.inject({ method: 'GET', url: '/events/not-an-id' }),
      unauthorized: await t.app.inject({ method: 'GET', url: '/bookings' }),
      page: await t.app.inject({ method: 'GET', url: `/event/${eventId}` }),
      asset: await t.app.inject({ method: 'GET', url: `/assets/${asset}` }),
      health: await t.app.inject({ method: 'GET', url: '/healthz' }),
    };
    await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.alice });
    const limited = await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.alice });
    expect(limited.statusCode).toBe(429);
    expect(responses.notModified.statusCode).toBe(304);
    expect(responses.notFound.statusCode).toBe(404);
    expect(responses.validation.statusCode).toBe(400);
    expect(responses.unauthorized.statusCode).toBe(401);
    expect(responses.page.statusCode).toBe(200);
    expect(responses.asset.statusCode).toBe(200);
    for (const [name, res] of Object.entries({ ...responses, limited })) {
      expect({ name, nosniff: res.headers['x-content-type-options'], referrer: res.headers['referrer-policy'], hsts: res.headers['strict-transport-security'] }).toEqual({
        name,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        hsts: undefined,
      });
    }
    for (const url of ['/healthz', '/nowhere', '/events']) {
      const res = await withHsts.app.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security']).toBe('max-age=600; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a bad HSTS max-age, naming the field', async () => {
    await expect(testApp({ pages: false, hsts: { maxAgeSeconds: -1 } })).rejects.toMatchObject({ code: 'VALIDATION', field: 'hsts.maxAgeSeconds' });
  });
});
