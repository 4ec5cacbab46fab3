import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { hallEvent, testApp, type TestApp } from './helpers.js';

describe('event views: cache, ETag, compact layout and availability', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  it('answers If-None-Match with 304 until a ticket changes, then with the new view', async () => {
    const { event } = await hallEvent(t);
    const url = `/events/${event.id}`;
    const first = await t.app.inject({ method: 'GET', url });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=5');
    const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': `"other", ${etag}` } })).statusCode).toBe(304);

    const [a] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [a!] });
    const changed = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().tickets.find((x: { id: string }) => x.id === a).status).toBe('RESERVED');
  });

  it('serves one cached load to many requests, and counts hits in /metrics', async () => {
    const { event } = await hallEvent(t);
    let loads = 0;
    const events = t.bo.events as { get: typeof t.bo.events.get };
    const original = events.get;
    events.get = async (id) => {
      loads += 1;
      return original(id);
    };
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.app.inject({ method: 'GET', url: `/events/${event.id}` })));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(loads).toBe(1);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/boxoffice_view_cache_total\{view="event",result="hit"\} 19/);
  });

  it('gives a compact layout and availability in one order, gzip on request', async () => {
    const { event } = await hallEvent(t);
    const layoutRes = await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout`, headers: { 'accept-encoding': 'gzip' } });
    expect(layoutRes.headers['content-encoding']).toBe('gzip');
    expect(layoutRes.headers['cache-control']).toBe('public, max-age=60');
    const layout = JSON.parse(gunzipSync(layoutRes.rawPayload).toString());
    expect(layout.count).toBe(56);
    expect(layout.sections.map((s: { id: string }) => s.id)).toEqual(['A', 'B', 'FLOOR']);
    expect(layout.tickets.id).toHaveLength(56);
    // Layout order: section A row A seats 1..6 first.
    expect(layout.tickets.row.slice(0, 6)).toEqual(['A', 'A', 'A', 'A', 'A', 'A']);
    expect(layout.tickets.seat.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);

    const third = layout.tickets.id[2];
    await t.bo.book({ eventId: event.id, userId: 'bob', ticketIds: [third], paymentDetails: { token: 'tok_visa' } });
    const availability = (await t.app.inject({ method: 'GET', url: `/events/${event.id}/availability` })).json();
    expect(availability.statuses).toHaveLength(56);
    expect(availability.statuses.slice(0, 4)).toBe('AASA');
    expect(availability.legend).toEqual({ A: 'AVAILABLE', R: 'RESERVED', S: 'SOLD' });
    const layoutAgain = await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout`, headers: { 'if-none-match': layoutRes.headers.etag as string } });
    expect(layoutAgain.statusCode).toBe(304);
  });

  it('does not serve a view past the expiry of a hold it shows', async () => {
    const t2 = await testApp({ cache: { minRefreshMs: 10_000, maxAgeMs: 60_000 } });
    try {
      const { event } = await hallEvent(t2, { holdTtlSeconds: 10 });
      const [a] = (await t2.bo.getTickets(event.id)).map((x) => x.id);
      await t2.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [a!] });
      const view = (await t2.app.inject({ method: 'GET', url: `/events/${event.id}` })).json();
      expect(view.tickets.find((x: { id: string }) => x.id === a).status).toBe('RESERVED');
      // A change within minRefreshMs is served from the cache (bounded staleness)...
      await t2.bo.hold({ eventId: event.id, userId: 'bob', best: { quantity: 1, section: 'FLOOR' } });
      const stale = (await t2.app.inject({ method: 'GET', url: `/events/${event.id}` })).json();
      expect(stale.tickets.filter((x: { status: string }) => x.status === 'RESERVED')).toHaveLength(1);
    } finally {
      await t2.close();
    }
  });
});
