import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp, type TestApp } from './helpers.js';
import { ContractChecker } from './openapi-conformance.js';
import { contractApp, servedDocument } from './openapi-helpers.js';

/**
 * Every operation of /openapi.json called for real, each answer (successes, and the problems
 * each kind of route gives) validated against the document with ajv: a status, a media type, a
 * body or a header the document does not describe fails the test.
 */
let t: TestApp;
let checker: ContractChecker;
const problems: string[] = [];

async function hit(app: TestApp, options: InjectOptions & { method: string; url: string }, expected: number): Promise<LightMyRequestResponse & { json<T = any>(): T }> {
  const res = (await app.app.inject(options)) as LightMyRequestResponse & { json<T = any>(): T };
  problems.push(...checker.check(options.method, options.url, res));
  expect(res.statusCode, `${options.method} ${options.url}: ${res.body.slice(0, 300)}`).toBe(expected);
  return res;
}

beforeAll(async () => {
  t = await contractApp();
  checker = new ContractChecker(await servedDocument(t));
});
afterAll(() => t.close());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const venueBody = { name: 'Contract Hall', city: 'Lyon', lat: 45.76, lon: 4.84, seatMap: { sections: [{ id: 'A', name: 'Stalls', tier: 'std', rows: [{ label: '1', seatCount: 12 }] }, { id: 'GA', name: 'Floor', tier: 'std', capacity: 20 }] } };

describe('real answers agree with /openapi.json', () => {
  it('the catalog, holds, bookings, inventory, admin and operations routes', async () => {
    const { admin, alice, bob } = t.as;
    const performer = (await hit(t, { method: 'POST', url: '/admin/performers', headers: { ...admin, 'idempotency-key': 'perf-1' }, payload: { name: 'The Contracts' } }, 201)).json();
    const replay = await hit(t, { method: 'POST', url: '/admin/performers', headers: { ...admin, 'idempotency-key': 'perf-1' }, payload: { name: 'The Contracts' } }, 201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await hit(t, { method: 'POST', url: '/admin/performers', headers: { ...admin, 'idempotency-key': 'perf-1' }, payload: { name: 'Others' } }, 422);
    const venue = (await hit(t, { method: 'POST', url: '/admin/venues', headers: admin, payload: venueBody }, 201)).json();
    const eventBody = { title: 'Contract Night', startsAt: inDays(30), onSaleAt: inDays(-1), venueId: venue.id, performerIds: [performer.id], prices: { std: 2500 } };
    const event = (await hit(t, { method: 'POST', url: '/admin/events', headers: admin, payload: eventBody }, 201)).json();
    await hit(t, { method: 'PATCH', url: `/admin/events/${event.id}`, headers: admin, payload: { popularity: 7 } }, 200);

    // Public views, the seed's view with its ETag, search in both media types.
    await hit(t, { method: 'GET', url: '/events?page=1&pageSize=10' }, 200);
    const view = await hit(t, { method: 'GET', url: `/events/${event.id}` }, 200);
    await hit(t, { method: 'GET', url: `/events/${event.id}`, headers: { 'if-none-match': String(view.headers.etag) } }, 304);
    await hit(t, { method: 'GET', url: `/events/${event.id}/layout` }, 200);
    await hit(t, { method: 'GET', url: `/events/${event.id}/availability` }, 200);
    await hit(t, { method: 'GET', url: `/events/${event.id}/tickets` }, 200);
    const tickets = (await hit(t, { method: 'GET', url: `/events/${event.id}/tickets`, headers: alice }, 200)).json<{ id: string; section: string }[]>();
    const seats = tickets.filter((x) => x.section === 'A').map((x) => x.id);
    expect(seats.length).toBe(12);
    await hit(t, { method: 'GET', url: '/events/search?keyword=contract&pageSize=5' }, 200);
    await hit(t, { method: 'GET', url: '/events/search?keyword=contract&facets=true', headers: { accept: 'application/vnd.boxoffice.search+json' } }, 200);
    await hit(t, { method: 'GET', url: '/events/suggest?prefix=con' }, 200);
    await hit(t, { method: 'GET', url: '/events/evt_missing' }, 404);

    // Holds: named, best-available, release, confirm (and what goes wrong on the way).
    await hit(t, { method: 'POST', url: '/holds', headers: alice, payload: { eventId: event.id } }, 400);
    await hit(t, { method: 'POST', url: '/holds', payload: { eventId: event.id, ticketIds: [seats[0]] } }, 401);
    await hit(t, { method: 'POST', url: '/holds', headers: { ...alice, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'eventId=x' }, 415);
    await hit(t, { method: 'POST', url: '/holds', headers: { ...alice, 'content-type': 'application/json' }, payload: JSON.stringify({ eventId: 'x'.repeat(1_100_000) }) }, 413);
    const named = (await hit(t, { method: 'POST', url: '/holds', headers: alice, payload: { eventId: event.id, ticketIds: [seats[0]] } }, 201)).json();
    await hit(t, { method: 'POST', url: '/holds', headers: bob, payload: { eventId: event.id, ticketIds: [seats[0]] } }, 409);
    await hit(t, { method: 'GET', url: `/holds/${named.id}`, headers: alice }, 200);
    await hit(t, { method: 'GET', url: `/holds/${named.id}`, headers: { ...alice, 'x-on-behalf-of': 'bob' } }, 403);
    await hit(t, { method: 'GET', url: '/holds/hld_missing', headers: alice }, 404);
    await hit(t, { method: 'DELETE', url: `/holds/${named.id}`, headers: alice }, 200);
    const best = (await hit(t, { method: 'POST', url: '/holds', headers: alice, payload: { eventId: event.id, best: { quantity: 2, section: 'A' } } }, 201)).json();
    await hit(t, { method: 'POST', url: `/holds/${best.id}/confirm`, headers: alice, payload: { paymentDetails: { token: 'tok_declined' } } }, 402);
    await hit(t, { method: 'POST', url: `/holds/${best.id}/confirm`, headers: alice, payload: { paymentDetails: { token: 'tok_visa' } } }, 201);
    await hit(t, { method: 'POST', url: `/holds/${named.id}/confirm`, headers: alice, payload: { paymentDetails: { token: 'tok_visa' } } }, 409);

    // The seed's booking, and the booking routes sharing its template.
    const fresh = (await hit(t, { method: 'GET', url: `/events/${event.id}/tickets`, headers: bob }, 200)).json<{ id: string; status: string }[]>();
    const free = fresh.filter((x) => x.status === 'AVAILABLE').map((x) => x.id);
    const seed = (await hit(t, { method: 'POST', url: `/bookings/${event.id}`, headers: bob, payload: { ticketIds: [free[0]], paymentDetails: { token: 'tok_visa' } } }, 201)).json();
    expect(seed.bookingId).toBe(seed.id);
    await hit(t, { method: 'POST', url: `/bookings/${event.id}`, headers: bob, payload: { ticketIds: [free[1]], paymentDetails: { token: 'tok_timeout' } } }, 502);
    await hit(t, { method: 'GET', url: `/bookings?eventId=${event.id}`, headers: bob }, 200);
    await hit(t, { method: 'GET', url: `/bookings/${seed.id}`, headers: bob }, 200);
    await hit(t, { method: 'POST', url: `/bookings/${seed.id}/cancel`, headers: bob }, 200);
    await hit(t, { method: 'POST', url: `/bookings/${seed.id}/cancel?asOperator=true`, headers: bob }, 403);

    // Inventory, admin, operations.
    const inventory = `/admin/events/${event.id}/inventory`;
    await hit(t, { method: 'POST', url: `${inventory}/block`, headers: admin, payload: { ticketIds: [free[2]] } }, 200);
    await hit(t, { method: 'POST', url: `${inventory}/release`, headers: admin, payload: { ticketIds: [free[2]] } }, 200);
    await hit(t, { method: 'POST', url: `${inventory}/reprice`, headers: admin, payload: { tier: 'std', price: 3000 } }, 200);
    await hit(t, { method: 'GET', url: `/admin/audit?eventId=${event.id}`, headers: admin }, 200);
    await hit(t, { method: 'GET', url: '/admin/audit', headers: alice }, 403);
    await hit(t, { method: 'GET', url: '/admin/outbox?limit=10', headers: admin }, 200);
    await hit(t, { method: 'POST', url: '/admin/sweep', headers: admin }, 200);
    await hit(t, { method: 'POST', url: '/admin/reconcile', headers: admin }, 200);
    await hit(t, { method: 'GET', url: '/healthz' }, 200);
    await hit(t, { method: 'GET', url: '/readyz' }, 200);
    await hit(t, { method: 'GET', url: '/metrics' }, 200);
    await hit(t, { method: 'POST', url: '/auth/guest' }, 200);
  });

  it('the webhook routes, with their 201, 202 and 204', async () => {
    const { admin } = t.as;
    const created = (await hit(t, { method: 'POST', url: '/admin/webhooks', headers: admin, payload: { url: 'https://hooks.example.invalid/hook', topics: ['booking.confirmed'] } }, 201)).json();
    await hit(t, { method: 'GET', url: '/admin/webhooks', headers: admin }, 200);
    await hit(t, { method: 'POST', url: `/admin/webhooks/${created.id}/test`, headers: admin }, 202);
    await hit(t, { method: 'GET', url: `/admin/webhooks/${created.id}`, headers: admin }, 200);
    await hit(t, { method: 'DELETE', url: `/admin/webhooks/${created.id}`, headers: admin }, 204);
    await hit(t, { method: 'DELETE', url: `/admin/webhooks/${created.id}`, headers: admin }, 404);
  });

  it('the waiting queue routes, buyer and operator', async () => {
    const { admin, alice } = t.as;
    const venue = (await hit(t, { method: 'POST', url: '/admin/venues', headers: admin, payload: venueBody }, 201)).json();
    const event = (await hit(t, { method: 'POST', url: '/admin/events', headers: admin, payload: { title: 'Queued Night', startsAt: inDays(20), onSaleAt: inDays(-1), venueId: venue.id, prices: { std: 100 } } }, 201)).json();
    const queue = `/admin/events/${event.id}/queue`;
    await hit(t, { method: 'POST', url: `/events/${event.id}/queue/join`, headers: alice }, 409);
    const board = await hit(t, { method: 'GET', url: `/events/${event.id}/queue` }, 200);
    await hit(t, { method: 'GET', url: `/events/${event.id}/queue`, headers: { 'if-none-match': String(board.headers.etag) } }, 304);
    await hit(t, { method: 'PUT', url: queue, headers: admin, payload: { enabled: true, admissionRate: 100 } }, 200);
    await hit(t, { method: 'POST', url: `/events/${event.id}/queue/join`, headers: alice }, 200);
    await hit(t, { method: 'GET', url: `/events/${event.id}/queue/me`, headers: alice }, 200);
    await hit(t, { method: 'POST', url: `/events/${event.id}/queue/heartbeat`, headers: alice }, 200);
    await hit(t, { method: 'POST', url: '/admin/queues/admit', headers: admin }, 200);
    await hit(t, { method: 'POST', url: `/events/${event.id}/queue/leave`, headers: alice }, 200);
    await hit(t, { method: 'POST', url: `${queue}/pause`, headers: admin }, 200);
    await hit(t, { method: 'POST', url: `${queue}/resume`, headers: admin }, 200);
    await hit(t, { method: 'GET', url: queue, headers: admin }, 200);
    const draw = await t.app.inject({ method: 'GET', url: `/events/${event.id}/queue/draw` });
    problems.push(...checker.check('GET', `/events/${event.id}/queue/draw`, draw));
  });

  it('the rate limits (429) and an unavailable dependency (503)', async () => {
    const limited = await testApp({ withoutWebhooks: true, rateLimit: { perUser: { limit: 1, windowMs: 60_000 } } });
    try {
      const user = bearer('carol');
      await hit(limited, { method: 'GET', url: '/bookings', headers: user }, 200);
      const tooMany = await hit(limited, { method: 'GET', url: '/bookings', headers: user }, 429);
      expect(Number(tooMany.headers['retry-after'])).toBeGreaterThan(0);
      await hit(limited, { method: 'GET', url: '/admin/webhooks', headers: limited.as.admin }, 503);
    } finally {
      await limited.close();
    }
  });

  it('flags answers the document does not describe (the checker checks)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    const fake = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
      ({ ...res, statusCode, body: JSON.stringify(body), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } }) as never;
    const probe = new ContractChecker(await servedDocument(t));
    expect(probe.check('GET', '/healthz', fake(200, { status: 'ok' }))).toEqual([]);
    expect(probe.check('GET', '/healthz', fake(200, { status: 'fine' })).join()).toMatch(/body\/status/);
    expect(probe.check('GET', '/healthz', fake(201, { status: 'ok' })).join()).toMatch(/status not documented/);
    expect(probe.check('GET', '/healthz', fake(200, { status: 'ok' }, { location: '/x' })).join()).toMatch(/sends Location/);
    // A nested component: a ticket inside the seed's view must be a Ticket.
    const view = (await t.app.inject({ method: 'GET', url: '/events' })).json<{ id: string }[]>()[0]!;
    const full = (await t.app.inject({ method: 'GET', url: `/events/${view.id}` })).json<{ tickets: Record<string, unknown>[] }>();
    expect(probe.check('GET', `/events/${view.id}`, fake(200, full))).toEqual([]);
    full.tickets[0]!.status = 'GONE';
    expect(probe.check('GET', `/events/${view.id}`, fake(200, full)).join()).toMatch(/tickets\/0\/status/);
  });

  it('every operation was exercised, and no answer disagreed with the document', () => {
    const exercised = new Set([...checker.seen].map((s) => s.split(' ')[0]));
    expect(checker.operationIds().filter((id) => !exercised.has(id))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
