import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, hallEvent, testApp, type TestApp } from './helpers.js';

describe('holds and bookings as resources', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  const post = (url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('holds best-available seats, shows, confirms, lists and cancels', async () => {
    const { event } = await hallEvent(t);
    const created = await post('/holds', t.as.alice, { eventId: event.id, best: { quantity: 2, section: 'A' } });
    expect(created.statusCode).toBe(201);
    const hold = created.json();
    expect(hold).toMatchObject({ status: 'ACTIVE', userId: 'alice', eventId: event.id, total: 24_000 });
    expect(created.headers.location).toBe(`/holds/${hold.id}`);
    expect(Date.parse(hold.expiresAt)).toBeGreaterThan(Date.now());

    expect((await t.app.inject({ method: 'GET', url: `/holds/${hold.id}`, headers: t.as.alice })).json()).toEqual(hold);
    // Another user cannot see or touch it: it does not exist for them.
    const theirs = await t.app.inject({ method: 'GET', url: `/holds/${hold.id}`, headers: t.as.bob });
    expect(theirs.statusCode).toBe(404);
    expect((await post(`/holds/${hold.id}/confirm`, t.as.bob, { paymentDetails: { token: 'tok_visa' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/holds/${hold.id}`, headers: t.as.bob })).statusCode).toBe(404);

    const confirmed = await post(`/holds/${hold.id}/confirm`, t.as.alice, { paymentDetails: { token: 'tok_visa' } });
    expect(confirmed.statusCode).toBe(201);
    const booking = confirmed.json();
    expect(booking).toMatchObject({ status: 'CONFIRMED', holdId: hold.id, userId: 'alice' });

    const mine = await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.alice });
    expect(mine.json()).toEqual([booking]);
    expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.bob })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/bookings/${booking.id}`, headers: t.as.alice })).json()).toEqual(booking);
    expect((await t.app.inject({ method: 'GET', url: `/bookings/${booking.id}`, headers: t.as.bob })).statusCode).toBe(404);
    expect((await post(`/bookings/${booking.id}/cancel`, t.as.bob)).statusCode).toBe(404);

    const cancelled = await post(`/bookings/${booking.id}/cancel`, t.as.alice);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: booking.id, status: 'CANCELLED' });
    expect(t.gateway.ledger().map((e) => e.status)).toEqual(['refunded']);
  });

  it('holds named tickets and releases them', async () => {
    const { event } = await hallEvent(t);
    const [a, b] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    const hold = (await post('/holds', t.as.alice, { eventId: event.id, ticketIds: [a, b] })).json();
    expect((await post('/holds', t.as.bob, { eventId: event.id, ticketIds: [b] })).json()).toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    const released = await t.app.inject({ method: 'DELETE', url: `/holds/${hold.id}`, headers: t.as.alice });
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ id: hold.id, status: 'RELEASED' });
    expect((await post('/holds', t.as.bob, { eventId: event.id, ticketIds: [b] })).statusCode).toBe(201);
    const again = await post(`/holds/${hold.id}/confirm`, t.as.alice, { paymentDetails: { token: 'tok_visa' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'HOLD_NOT_ACTIVE', field: 'holdId' });
  });

  it('answers an expired hold with 410 HOLD_EXPIRED', async () => {
    const { event } = await hallEvent(t, { holdTtlSeconds: 60 });
    const hold = (await post('/holds', t.as.alice, { eventId: event.id, best: { quantity: 1 } })).json();
    await t.store.advanceClock(61_000);
    const res = await post(`/holds/${hold.id}/confirm`, t.as.alice, { paymentDetails: { token: 'tok_visa' } });
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'HOLD_EXPIRED' });
  });

  it('maps Idempotency-Key to the SDK: a retry returns the first result, a changed request is refused', async () => {
    const { event } = await hallEvent(t);
    const [a, b] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    const headers = { ...t.as.alice, 'idempotency-key': 'order-42' };
    const first = await post(`/bookings/${event.id}`, headers, { ticketIds: [a], paymentDetails: { token: 'tok_visa' } });
    const retry = await post(`/bookings/${event.id}`, headers, { ticketIds: [a], paymentDetails: { token: 'tok_visa' } });
    expect(first.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(t.gateway.ledger()).toHaveLength(1);
    const changed = await post(`/bookings/${event.id}`, headers, { ticketIds: [b], paymentDetails: { token: 'tok_visa' } });
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', field: 'idempotencyKey' });
    const holdHeaders = { ...t.as.bob, 'idempotency-key': 'hold-1' };
    const h1 = (await post('/holds', holdHeaders, { eventId: event.id, best: { quantity: 2 } })).json();
    const h2 = (await post('/holds', holdHeaders, { eventId: event.id, best: { quantity: 2 } })).json();
    expect(h2.id).toBe(h1.id);
    const bad = await post('/holds', { ...t.as.bob, 'idempotency-key': 'has space' }, { eventId: event.id, best: { quantity: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION', field: 'idempotencyKey' });
  });

  it('lets an admin act for a user, and no user for another', async () => {
    const { event } = await hallEvent(t);
    const forAlice = await post('/holds', { ...t.as.admin, 'x-on-behalf-of': 'alice' }, { eventId: event.id, best: { quantity: 1 } });
    expect(forAlice.json()).toMatchObject({ userId: 'alice' });
    const hold = forAlice.json();
    const impostor = await post('/holds', { ...t.as.bob, 'x-on-behalf-of': 'alice' }, { eventId: event.id, best: { quantity: 1 } });
    expect(impostor.statusCode).toBe(403);
    expect(impostor.json()).toMatchObject({ code: 'FORBIDDEN' });
    // An admin naming nobody reads everything and acts on the owner's behalf.
    expect((await t.app.inject({ method: 'GET', url: `/holds/${hold.id}`, headers: t.as.admin })).json()).toEqual(hold);
    const booking = (await post(`/holds/${hold.id}/confirm`, t.as.admin, { paymentDetails: { token: 'tok_visa' } })).json();
    expect(booking).toMatchObject({ userId: 'alice', status: 'CONFIRMED' });
    expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: t.as.admin })).json()).toEqual([booking]);
    expect((await t.app.inject({ method: 'GET', url: '/bookings', headers: { ...t.as.admin, 'x-on-behalf-of': 'bob' } })).json()).toEqual([]);
    expect((await post(`/bookings/${booking.id}/cancel`, t.as.admin)).json()).toMatchObject({ status: 'CANCELLED' });
    const selfNamed = await t.app.inject({ method: 'GET', url: '/bookings', headers: { ...bearer('carol'), 'x-on-behalf-of': 'carol' } });
    expect(selfNamed.statusCode).toBe(200);
  });
});
