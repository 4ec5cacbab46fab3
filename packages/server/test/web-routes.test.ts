import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '@boxoffice/sdk';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuiltWeb } from '../web/build.js';
import { hallEvent, SECRET, testApp, type TestApp } from './helpers.js';

/** The pages and the guest route, in-process (`inject`): what the browser tests rely on. */
let web: BuiltWeb;
let withWeb: TestApp;
let plain: TestApp;
let eventId: string;

beforeAll(async () => {
  web = await buildWeb(await mkdtemp(join(tmpdir(), 'boxoffice-web-test-')));
  withWeb = await testApp({ pages: { dir: web.outDir }, guest: { ttlSeconds: 600, perIp: { limit: 3, windowMs: 60_000 } } });
  plain = await testApp({ pages: false });
  eventId = (await hallEvent(withWeb, { title: 'Nasty </script><b>title</b>' })).event.id;
});
afterAll(async () => {
  await withWeb?.close();
  await plain?.close();
  await rm(web.outDir, { recursive: true, force: true });
});

describe('web pages', () => {
  it('serves the search page uncached, with a strict CSP and hashed asset links', async () => {
    const res = await withWeb.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.body).toContain(`/assets/${web.assets['search-page.js']}`);
    expect(res.body).toMatch(/\/assets\/search-page-[A-Z0-9]{8}\.js/);
  });

  it('serves assets immutable for a year, gzipped when asked, and nothing outside the manifest', async () => {
    const file = web.assets['event-page.js']!;
    const res = await withWeb.app.inject({ method: 'GET', url: `/assets/${file}`, headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gunzipSync(res.rawPayload).toString()).toContain('seat');
    for (const url of ['/assets/manifest.json', '/assets/..%2Fmanifest.json', '/assets/event-page.js', '/assets/%00']) {
      expect((await withWeb.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });

  it('puts the event summary in the event page, escaped, without the tickets', async () => {
    const res = await withWeb.app.inject({ method: 'GET', url: `/event/${eventId}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Nasty &lt;/script&gt;&lt;b&gt;title&lt;/b&gt; — BoxOffice</title>');
    expect(res.body).not.toContain('</script><b>');
    const json = /<script type="application\/json" id="boxoffice-data">(.*?)<\/script>/s.exec(res.body)?.[1];
    const summary = JSON.parse(json ?? '{}') as Record<string, unknown>;
    expect(summary).toMatchObject({ id: eventId, title: 'Nasty </script><b>title</b>', queued: false, guest: true, venue: { name: 'Test Hall', city: 'Lisbon' } });
    expect(summary).not.toHaveProperty('tickets');
    await withWeb.bo.configureQueue(eventId, { enabled: true, admissionRate: 5 });
    const queued = await withWeb.app.inject({ method: 'GET', url: `/event/${eventId}` });
    expect(queued.body).toContain('"queued":true');
    await withWeb.bo.configureQueue(eventId, { enabled: false });
  });

  it('answers an unknown or malformed event with an HTML page saying so', async () => {
    const missing = await withWeb.app.inject({ method: 'GET', url: '/event/evt_0000000000000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.body).toContain('No event evt_0000000000000000000000');
    const bad = await withWeb.app.inject({ method: 'GET', url: '/event/%3Cscript%3E' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('<script>');
    expect(bad.body).toContain('is not an event id');
  });

  it('serves no pages when told not to (the API is unchanged)', async () => {
    expect((await plain.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    expect((await plain.app.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
  });
});

describe('POST /auth/guest', () => {
  it('is off unless the server enables it', async () => {
    const res = await plain.app.inject({ method: 'POST', url: '/auth/guest' });
    expect(res.statusCode).toBe(404);
    const doc = (await plain.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(doc.paths['/auth/guest']).toBeUndefined();
  });

  it('mints a short-lived user token for a fresh user, never an admin one, and is in the OpenAPI document', async () => {
    const before = Date.now();
    const a = (await withWeb.app.inject({ method: 'POST', url: '/auth/guest' })).json<{ token: string; userId: string; role: string; expiresAt: string }>();
    const b = (await withWeb.app.inject({ method: 'POST', url: '/auth/guest' })).json<{ token: string; userId: string }>();
    expect(a.userId).toMatch(/^guest-/);
    expect(a.userId).not.toBe(b.userId);
    const claims = verifyToken(SECRET, a.token);
    expect(claims).toMatchObject({ userId: a.userId, role: 'user' });
    expect(claims.expiresAt - before).toBeLessThanOrEqual(601_000);
    expect(Date.parse(a.expiresAt)).toBeGreaterThan(before);
    expect(JSON.stringify(a)).not.toContain(SECRET);
    const hold = await withWeb.app.inject({ method: 'POST', url: '/holds', headers: { authorization: `Bearer ${a.token}` }, payload: { eventId, best: { quantity: 1 } } });
    expect(hold.statusCode).toBe(201);
    const doc = (await withWeb.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { tags: string[] }>> }>();
    expect(doc.paths['/auth/guest']?.post?.tags).toEqual(['auth']);
  });

  it('is rate-limited per IP: 429 with Retry-After past the limit', async () => {
    // Two were minted above; the limit is 3 per minute.
    expect((await withWeb.app.inject({ method: 'POST', url: '/auth/guest' })).statusCode).toBe(200);
    const limited = await withWeb.app.inject({ method: 'POST', url: '/auth/guest' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('refuses a guest token lifetime out of range when the server is built', async () => {
    await expect(testApp({ pages: false, guest: { ttlSeconds: 10 } })).rejects.toMatchObject({ code: 'VALIDATION', field: 'guest.ttlSeconds' });
  });
});

describe('web routes under random input', () => {
  it('fuzz: random event ids, asset names, methods, headers and bodies give no 5xx', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('evt_', '..', '%00', '%E0%A4%A', 'evt_' + 'a'.repeat(64), web.assets['styles.css']!));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/event/', '/assets/', '/auth/guest', '/'),
        segment,
        fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
        fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))), { nil: undefined }),
        fc.constantFrom(undefined, 'application/json', 'text/plain', 'gzip'),
        async (prefix, seg, method, payload, type) => {
          const url = prefix.endsWith('/') && prefix !== '/' ? `${prefix}${encodeURIComponent(seg)}` : prefix;
          const headers: Record<string, string> = type === 'gzip' ? { 'accept-encoding': 'gzip' } : type ? { 'content-type': type } : {};
          const res = await withWeb.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined || method === 'GET' || method === 'HEAD' ? {} : { payload }) });
          expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});
