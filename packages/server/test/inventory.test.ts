import { seatsOf } from '@boxoffice/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

describe('inventory routes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  const post = (eventId: string, command: string, payload: unknown, headers: Record<string, string> = t.as.admin) =>
    t.app.inject({ method: 'POST', url: `/admin/events/${eventId}/inventory/${command}`, headers, payload: payload as object });

  it('need an admin token', async () => {
    const { event } = await hallEvent(t);
    expect((await post(event.id, 'block', { section: 'A' }, {})).statusCode).toBe(401);
    const forbidden = await post(event.id, 'block', { section: 'A' }, t.as.alice);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.bo.getTickets(event.id)).every((x) => x.status === 'AVAILABLE')).toBe(true);
  });

  it('block, release and reprice; views follow at once', async () => {
    const { event } = await hallEvent(t);
    const url = `/events/${event.id}`;
    const before = await t.app.inject({ method: 'GET', url });
    const layoutBefore = await t.app.inject({ method: 'GET', url: `${url}/layout` });

    const blocked = await post(event.id, 'block', { section: 'A', rows: ['A'] });
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json()).toMatchObject({ eventId: event.id, skipped: [] });
    expect(blocked.json().changed).toHaveLength(6);
    const rowA = await seatsOf(t.bo, event.id, 'A', 'A');
    const hold = await t.app.inject({ method: 'POST', url: '/holds', headers: t.as.alice, payload: { eventId: event.id, ticketIds: [rowA[0]] } });
    expect(hold.statusCode).toBe(409);
    expect(hold.json()).toMatchObject({ code: 'SEAT_UNAVAILABLE' });

    const released = await post(event.id, 'release', { ticketIds: [rowA[0]] });
    expect(released.json().changed).toEqual([rowA[0]]);
    expect((await t.app.inject({ method: 'POST', url: '/holds', headers: t.as.alice, payload: { eventId: event.id, ticketIds: [rowA[0]] } })).statusCode).toBe(201);

    const repriced = await post(event.id, 'reprice', { tier: 'standard', price: 5_000 });
    expect(repriced.statusCode).toBe(200);
    expect(repriced.json().changed).toHaveLength(24);
    const after = await t.app.inject({ method: 'GET', url });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().prices.standard).toBe(5_000);
    expect(after.json().tickets.filter((x: { tier: string; price: number }) => x.tier === 'standard').every((x: { price: number }) => x.price === 5_000)).toBe(true);
    const layoutAfter = await t.app.inject({ method: 'GET', url: `${url}/layout`, headers: { 'if-none-match': layoutBefore.headers.etag as string } });
    expect(layoutAfter.statusCode).toBe(200);
  });

  it('honour Idempotency-Key and refuse bad input naming the field, never a 5xx', async () => {
    const { event } = await hallEvent(t);
    const key = { ...t.as.admin, 'idempotency-key': 'reprice-7' };
    const first = await post(event.id, 'reprice', { section: 'B', price: 100 }, key);
    const again = await post(event.id, 'reprice', { section: 'B', price: 100 }, key);
    expect(again.json()).toEqual(first.json());
    expect((await post(event.id, 'reprice', { section: 'B', price: 200 }, key)).json()).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });

    const cases: Array<[string, unknown, number, string, string]> = [
      ['block', {}, 400, 'VALIDATION', 'ticketIds'],
      ['block', { section: 'A', tier: 'premium' }, 400, 'VALIDATION', 'ticketIds'],
      ['block', { section: 'NOPE' }, 400, 'VALIDATION', 'section'],
      ['block', { ticketIds: ['not-a-ticket'] }, 400, 'VALIDATION', 'ticketIds.0'],
      ['block', { ticketIds: ['tkt_nowhere'] }, 404, 'NOT_FOUND', 'ticketIds'],
      ['block', { section: 'A', colour: 'red' }, 400, 'VALIDATION', 'colour'],
      ['release', { tier: 7 }, 400, 'VALIDATION', 'tier'],
      ['reprice', { section: 'A' }, 400, 'VALIDATION', 'price'],
      ['reprice', { section: 'A', price: '12' }, 400, 'VALIDATION', 'price'],
      ['reprice', { section: 'A', price: 1e12 }, 400, 'VALIDATION', 'price'],
    ];
    for (const [command, payload, status, code, field] of cases) {
      const res = await post(event.id, command, payload);
      expect({ command, payload, status: res.statusCode, code: res.json().code, field: res.json().field }).toEqual({ command, payload, status, code, field });
    }
    expect((await post('evt_nope', 'block', { section: 'A' })).statusCode).toBe(404);
    expect((await post('nope', 'block', { section: 'A' })).statusCode).toBe(400);
  });

  it('are in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const command of ['block', 'release', 'reprice']) expect(doc.paths[`/admin/events/{eventId}/inventory/${command}`]?.post).toBeDefined();
  });
});
