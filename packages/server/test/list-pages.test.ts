import { PAGE_MEDIA_TYPE } from '@boxoffice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

/** GET /events and GET /bookings: the seed's bare array with X-Total-Count and Link, or the page object. */
describe('list pages over HTTP', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  it('answers GET /events as an array with the total and page links, or as a page', async () => {
    for (let i = 0; i < 3; i++) await hallEvent(t, { title: `Night ${i}` });
    const res = await t.app.inject({ method: 'GET', url: '/events?pageSize=2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(2);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.headers.link).toBe('</events?pageSize=2&page=1>; rel="first", </events?pageSize=2&page=2>; rel="next", </events?pageSize=2&page=2>; rel="last"');
    expect(res.headers.vary).toContain('Accept');

    const paged = await t.app.inject({ method: 'GET', url: '/events?pageSize=2&page=2', headers: { accept: PAGE_MEDIA_TYPE } });
    expect(paged.headers['content-type']).toBe(`${PAGE_MEDIA_TYPE}; charset=utf-8`);
    const body = paged.json();
    expect(body).toMatchObject({ total: 3, page: 2, pageSize: 2, hasMore: false });
    expect(body.items).toHaveLength(1);
  });

  it("answers GET /bookings with a user's own total only", async () => {
    const { event } = await hallEvent(t);
    const seats = (await t.bo.events.tickets(event.id)).slice(0, 3).map((s) => s.id);
    for (const [i, user] of (['alice', 'alice', 'bob'] as const).entries()) {
      await t.bo.bookings.book({ eventId: event.id, ticketIds: [seats[i]!], paymentDetails: { token: 'tok_visa' } }, { userId: user });
    }
    const mine = await t.app.inject({ method: 'GET', url: '/bookings', headers: { ...t.as.alice, accept: PAGE_MEDIA_TYPE } });
    expect(mine.json()).toMatchObject({ total: 2, page: 1, hasMore: false });
    const everyone = await t.app.inject({ method: 'GET', url: '/bookings?pageSize=1', headers: t.as.admin });
    expect(everyone.json()).toHaveLength(1);
    expect(everyone.headers['x-total-count']).toBe('3');
  });
});
