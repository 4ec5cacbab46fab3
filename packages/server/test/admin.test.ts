import { createHallEvent } from '@boxoffice/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers.js';

describe('admin routes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  it('creates performers, venues and events, updates events, audits, sweeps, reads the outbox', async () => {
    const as = t.as.admin;
    const performer = await t.app.inject({ method: 'POST', url: '/admin/performers', headers: as, payload: { name: 'Rita', genre: 'fado' } });
    expect(performer.statusCode).toBe(201);
    const venue = await t.app.inject({
      method: 'POST',
      url: '/admin/venues',
      headers: as,
      payload: { name: 'Coliseu', city: 'Porto', country: 'PT', lat: 41.1, lon: -8.6, seatMap: { sections: [{ id: 'P', name: 'Plateia', tier: 'std', rows: [{ label: 'A', seatCount: 10 }] }] } },
    });
    expect(venue.statusCode).toBe(201);
    expect(venue.json()).toMatchObject({ capacity: 10 });
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/events',
      headers: as,
      payload: { title: 'Rita live', startsAt: '2031-05-01T20:00:00Z', venueId: venue.json().id, performerIds: [performer.json().id], prices: { std: 2500 } },
    });
    expect(created.statusCode).toBe(201);
    const event = created.json();
    expect(created.headers.location).toBe(`/events/${event.id}`);
    const view = await t.app.inject({ method: 'GET', url: `/events/${event.id}` });
    expect(view.json().tickets).toHaveLength(10);

    const patched = await t.app.inject({ method: 'PATCH', url: `/admin/events/${event.id}`, headers: as, payload: { title: 'Rita — encore', popularity: 7 } });
    expect(patched.json()).toMatchObject({ title: 'Rita — encore', popularity: 7 });
    // The cached view is dropped at once on a catalog change.
    expect((await t.app.inject({ method: 'GET', url: `/events/${event.id}` })).json().title).toBe('Rita — encore');

    const listed = await t.app.inject({ method: 'GET', url: '/events?pageSize=5&page=1' });
    expect(listed.json().map((e: { id: string }) => e.id)).toEqual([event.id]);

    const audit = await t.app.inject({ method: 'GET', url: `/admin/audit?eventId=${event.id}`, headers: as });
    expect(audit.json()).toMatchObject({ ok: true, ticketsChecked: 10 });
    expect((await t.app.inject({ method: 'POST', url: '/admin/sweep', headers: as })).json()).toEqual({ holdsExpired: 0, ticketsFreed: 0 });
    expect((await t.app.inject({ method: 'POST', url: '/admin/reconcile?abandonedAfterMs=60000', headers: as })).statusCode).toBe(200);
    await t.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [view.json().tickets[0].id], paymentDetails: { token: 'tok_visa' } });
    const outbox = await t.app.inject({ method: 'GET', url: '/admin/outbox?undispatchedOnly=true&limit=10', headers: as });
    expect(outbox.json().map((m: { topic: string }) => m.topic)).toEqual(['booking.confirmed']);
  });

  it('refuses bad catalog input naming the field', async () => {
    const as = t.as.admin;
    const { venue } = await createHallEvent(t.bo);
    const base = { title: 'X', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { premium: 1, standard: 1, floor: 1 } };
    const cases: Array<[unknown, number, string, string]> = [
      [{ ...base, prices: { premium: 1, standard: 1 } }, 400, 'VALIDATION', 'prices.floor'],
      [{ ...base, prices: { ...base.prices, floor: -5 } }, 400, 'VALIDATION', 'prices.floor'],
      [{ ...base, venueId: 'ven_nope' }, 404, 'NOT_FOUND', 'venueId'],
      [{ ...base, venueId: 'not-an-id' }, 400, 'VALIDATION', 'venueId'],
      [{ ...base, startsAt: 'next tuesday' }, 400, 'VALIDATION', 'startsAt'],
      [{ ...base, title: 42 }, 400, 'VALIDATION', 'title'],
      [{ ...base, surprise: true }, 400, 'VALIDATION', 'surprise'],
    ];
    for (const [payload, status, code, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/events', headers: as, payload: payload as object });
      expect({ status: res.statusCode, ...res.json() }, JSON.stringify(payload)).toMatchObject({ status, code, field });
    }
    const badPatch = await t.app.inject({ method: 'PATCH', url: '/admin/events/evt_missing', headers: as, payload: { status: 'GONE' } });
    expect(badPatch.json()).toMatchObject({ code: 'VALIDATION', field: 'status' });
  });
});
