import { connect, signToken, type RemoteBoxOffice, type Ticket } from '@boxoffice/sdk';
import { seatsOf } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, listenUrl, SECRET, testApp, type TestApp } from './helpers.js';
import { LiveClient } from './live-helpers.js';

/**
 * Public views show seat status only: whose hold or booking took a seat (its holdId and
 * bookingId) is for an admin token; a user sees their own through /holds and /bookings.
 */
describe('public seat views carry no hold or booking ids', () => {
  let t: TestApp;
  let url: string;
  let eventId: string;
  let holdId: string;
  let bookingId: string;
  const clients: RemoteBoxOffice[] = [];
  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
    const { event } = await hallEvent(t);
    eventId = event.id;
    const [held, sold] = await seatsOf(t.bo, event.id, 'A', 'A');
    holdId = (await t.bo.hold({ eventId, userId: 'alice', ticketIds: [held!] })).id;
    bookingId = (await t.bo.book({ eventId, userId: 'bob', ticketIds: [sold!], paymentDetails: { token: 'tok_visa' } })).id;
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await t.close();
  });

  function expectStatusOnly(body: string, tickets: readonly Ticket[]) {
    expect(body).not.toContain(holdId);
    expect(body).not.toContain(bookingId);
    expect(tickets.every((x) => x.holdId === null && x.bookingId === null)).toBe(true);
    // The statuses are still there.
    expect(tickets.filter((x) => x.status === 'RESERVED')).toHaveLength(1);
    expect(tickets.filter((x) => x.status === 'SOLD')).toHaveLength(1);
  }

  it('GET /events/:id (the seed view) and /events/:id/tickets, anonymous or with a user token', async () => {
    for (const path of [`/events/${eventId}`, `/events/${eventId}/tickets`]) {
      for (const headers of [{}, t.as.alice, t.as.bob]) {
        const res = await t.app.inject({ method: 'GET', url: path, headers });
        expect(res.statusCode).toBe(200);
        expectStatusOnly(res.body, path.endsWith('/tickets') ? res.json() : res.json().tickets);
      }
    }
  });

  it('an admin token still reads the ids from /events/:id/tickets', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/events/${eventId}/tickets`, headers: t.as.admin });
    const tickets: Ticket[] = res.json();
    expect(tickets.find((x) => x.status === 'RESERVED')?.holdId).toBe(holdId);
    expect(tickets.find((x) => x.status === 'SOLD')?.bookingId).toBe(bookingId);
  });

  it('the web page, the compact views and the live snapshot', async () => {
    for (const path of [`/event/${eventId}`, `/events/${eventId}/availability`, `/events/${eventId}/layout`]) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(holdId);
      expect(res.body).not.toContain(bookingId);
    }
    const live = await LiveClient.connect(`${url.replace('http', 'ws')}/events/${eventId}/live`);
    try {
      const snapshot = await live.waitFor((m) => m.type === 'snapshot');
      expect(snapshot.statuses).toMatch(/R/);
      expect(JSON.stringify(live.messages)).not.toMatch(/hld_|bkg_/);
    } finally {
      live.ws.close();
    }
  });

  it('the remote client: a user sees statuses, an admin the ids', async () => {
    const user = connect(url, { token: signToken(SECRET, { userId: 'carol' }) });
    const admin = connect(url, { token: signToken(SECRET, { userId: 'ops', role: 'admin' }) });
    clients.push(user, admin);
    const view = await user.getEvent(eventId);
    expectStatusOnly(JSON.stringify(view), view.tickets);
    const tickets = await user.getTickets(eventId);
    expectStatusOnly(JSON.stringify(tickets), tickets);
    const full = await admin.getTickets(eventId);
    expect(full.find((x) => x.status === 'SOLD')?.bookingId).toBe(bookingId);
  });
});
