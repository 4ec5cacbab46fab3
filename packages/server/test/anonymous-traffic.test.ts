import { afterEach, describe, expect, it } from 'vitest';
import { bigEvent, testApp, type TestApp } from './helpers.js';

/** Anonymous traffic: the tickets view cached, and a per-address limit a garbage token cannot skip. */
describe('anonymous traffic', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  function viewCacheCount(metrics: string, view: string, result: string): number {
    const line = new RegExp(`^boxoffice_view_cache_total\\{view="${view}",result="${result}"\\} (\\d+)`, 'm').exec(metrics);
    return Number(line?.[1] ?? 0);
  }

  it('serves 60 concurrent anonymous /tickets of a big event from one render, with an ETag', async () => {
    t = await testApp({ rateLimit: { perAnonymousIp: null } });
    const { event, hall } = await bigEvent(t);
    const app = t.app;
    const all = Array.from({ length: 60 }, () => app.inject({ method: 'GET', url: `/events/${event.id}/tickets` }));
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    const responses = await Promise.all(all);
    expect(health.statusCode).toBe(200);
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(new Set(responses.map((r) => r.headers.etag)).size).toBe(1);
    expect(responses[0]!.json()).toHaveLength(10_000);
    // One read and render for all 60: the rest were served from the cache.
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(viewCacheCount(metrics, 'tickets', 'miss')).toBe(1);
    expect(viewCacheCount(metrics, 'tickets', 'hit')).toBe(59);
    const again = await app.inject({ method: 'GET', url: `/events/${event.id}/tickets`, headers: { 'if-none-match': responses[0]!.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    // As fresh as the event view (a small event's: a big one's is rebuilt in the background): a hold shows on the next request.
    const first = (await app.inject({ method: 'GET', url: `/events/${hall.id}/tickets` })).json()[0].id as string;
    await t.bo.hold({ eventId: hall.id, userId: 'alice', ticketIds: [first] });
    const after = (await app.inject({ method: 'GET', url: `/events/${hall.id}/tickets` })).json();
    expect(after.find((x: { id: string }) => x.id === first).status).toBe('RESERVED');
  });

  it('limits anonymous requests per address by default; a garbage token counts as anonymous', async () => {
    t = await testApp({ rateLimit: { perAnonymousIp: { limit: 3, windowMs: 60_000 } } });
    const garbage = { authorization: 'Bearer garbage' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await t.app.inject({ method: 'GET', url: '/events', headers: garbage })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.app.inject({ method: 'GET', url: '/events' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ details: { scope: 'anonymous', limit: 3 } });
    // A valid token is counted per user instead, and probes are always answered.
    expect((await t.app.inject({ method: 'GET', url: '/events', headers: t.as.alice })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('is on by default', async () => {
    t = await testApp();
    const statuses = new Set<number>();
    for (let i = 0; i < 301; i += 1) statuses.add((await t.app.inject({ method: 'GET', url: '/events' })).statusCode);
    expect([...statuses]).toEqual([200, 429]);
  });

  it('believes X-Forwarded-For only behind a trusted proxy', async () => {
    const limit = { rateLimit: { perAnonymousIp: { limit: 2, windowMs: 60_000 } } };
    const from = (ip: string) => ({ method: 'GET' as const, url: '/events', headers: { 'x-forwarded-for': ip } });
    t = await testApp(limit);
    const untrusted = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) untrusted.push((await t.app.inject(from(ip))).statusCode);
    expect(untrusted).toEqual([200, 200, 429]);
    await t.close();
    t = await testApp({ ...limit, trustProxy: true });
    const trusted = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.3', '198.51.100.3']) trusted.push((await t.app.inject(from(ip))).statusCode);
    expect(trusted).toEqual([200, 200, 200, 200, 429]);
  });
});
