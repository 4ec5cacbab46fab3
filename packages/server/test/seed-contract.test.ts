import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

/** The seed's contract (shared/DESIGN.md), exactly: status codes, shapes, headers. */
describe('the seed contract', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  it('GET /events/:eventId is the Event with venue, performers and tickets', async () => {
    const { event, venue } = await hallEvent(t);
    const res = await t.app.inject({ method: 'GET', url: `/events/${event.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    // Exactly the SDK's view: every Event field at the top, plus venue, performers, tickets.
    expect(body).toEqual(JSON.parse(JSON.stringify(await t.bo.getEvent(event.id))));
    expect(Object.keys(body).sort()).toEqual([...Object.keys(event), 'venue', 'performers', 'tickets'].sort());
    expect(body.venue).toEqual(JSON.parse(JSON.stringify(venue)));
    expect(body.performers).toEqual([expect.objectContaining({ name: 'The Testers' })]);
    expect(body.tickets).toHaveLength(56);
    expect(new Set(body.tickets.map((x: { status: string }) => x.status))).toEqual(new Set(['AVAILABLE']));
  });

  it('POST /bookings/:eventId books { ticketIds, paymentDetails } -> 201 { bookingId, ...booking }', async () => {
    const { event } = await hallEvent(t);
    const ids = (await t.bo.getTickets(event.id)).slice(0, 2).map((x) => x.id);
    const res = await t.app.inject({
      method: 'POST',
      url: `/bookings/${event.id}`,
      headers: t.as.alice,
      payload: { ticketIds: ids, paymentDetails: { token: 'tok_visa' } },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const booking = await t.bo.getBooking(body.bookingId);
    expect(body).toEqual({ bookingId: booking.id, ...JSON.parse(JSON.stringify(booking)) });
    expect(body).toMatchObject({ status: 'CONFIRMED', userId: 'alice', eventId: event.id });
    expect(res.headers.location).toBe(`/bookings/${booking.id}`);
    const view = (await t.app.inject({ method: 'GET', url: `/events/${event.id}` })).json();
    const sold = view.tickets.filter((x: { status: string }) => x.status === 'SOLD').map((x: { id: string }) => x.id);
    expect(sold.sort()).toEqual([...ids].sort());
  });

  it('ticket status values are AVAILABLE, RESERVED, SOLD', async () => {
    const { event } = await hallEvent(t);
    const [a, b] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    await t.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [a!] });
    await t.bo.book({ eventId: event.id, userId: 'bob', ticketIds: [b!], paymentDetails: { token: 'tok_visa' } });
    const view = (await t.app.inject({ method: 'GET', url: `/events/${event.id}` })).json();
    expect(new Set(view.tickets.map((x: { status: string }) => x.status))).toEqual(new Set(['AVAILABLE', 'RESERVED', 'SOLD']));
  });

  it('POST /bookings/:eventId answers failures as problem+json with the stable code', async () => {
    const { event } = await hallEvent(t);
    const [a] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    const book = (token: string, headers = t.as.alice) =>
      t.app.inject({ method: 'POST', url: `/bookings/${event.id}`, headers, payload: { ticketIds: [a], paymentDetails: { token } } });
    const declined = await book('tok_declined');
    expect(declined.statusCode).toBe(402);
    expect(declined.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(declined.json()).toMatchObject({ type: 'urn:boxoffice:error:PAYMENT_DECLINED', code: 'PAYMENT_DECLINED', status: 402, field: 'paymentDetails.token' });
    expect((await book('tok_visa')).statusCode).toBe(201);
    const taken = await book('tok_visa', t.as.bob);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'SEAT_UNAVAILABLE', field: 'ticketIds', details: { unavailable: [a] } });
    const noToken = await t.app.inject({ method: 'POST', url: `/bookings/${event.id}`, payload: { ticketIds: [a], paymentDetails: { token: 'tok_visa' } } });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.headers['www-authenticate']).toBe('Bearer');
    const missing = await t.app.inject({ method: 'GET', url: '/events/evt_missing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', field: 'eventId' });
  });
});
