import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

/** Every route, with a real id where the path takes one (so fuzzing reaches the handlers). */
function routes(ids: { eventId: string; holdId: string; bookingId: string; webhookId: string }): Array<{ method: InjectOptions['method']; url: string; body: boolean }> {
  return [
    { method: 'GET', url: '/events', body: false },
    { method: 'GET', url: '/events/search?keyword=testers', body: false },
    { method: 'GET', url: '/events/suggest?prefix=te', body: false },
    { method: 'GET', url: `/events/${ids.eventId}`, body: false },
    { method: 'GET', url: `/events/${ids.eventId}/layout`, body: false },
    { method: 'GET', url: `/events/${ids.eventId}/availability`, body: false },
    { method: 'GET', url: `/events/${ids.eventId}/tickets`, body: false },
    { method: 'POST', url: `/bookings/${ids.eventId}`, body: true },
    { method: 'POST', url: '/holds', body: true },
    { method: 'GET', url: `/holds/${ids.holdId}`, body: false },
    { method: 'DELETE', url: `/holds/${ids.holdId}`, body: false },
    { method: 'POST', url: `/holds/${ids.holdId}/confirm`, body: true },
    { method: 'GET', url: '/bookings', body: false },
    { method: 'GET', url: `/bookings/${ids.bookingId}`, body: false },
    { method: 'POST', url: `/bookings/${ids.bookingId}/cancel`, body: false },
    { method: 'POST', url: '/admin/performers', body: true },
    { method: 'POST', url: '/admin/venues', body: true },
    { method: 'POST', url: '/admin/events', body: true },
    { method: 'PATCH', url: `/admin/events/${ids.eventId}`, body: true },
    { method: 'GET', url: '/admin/audit', body: false },
    { method: 'GET', url: '/admin/outbox', body: false },
    { method: 'POST', url: '/admin/sweep', body: false },
    { method: 'POST', url: '/admin/reconcile', body: false },
    { method: 'POST', url: `/admin/events/${ids.eventId}/inventory/block`, body: true },
    { method: 'POST', url: `/admin/events/${ids.eventId}/inventory/release`, body: true },
    { method: 'POST', url: `/admin/events/${ids.eventId}/inventory/reprice`, body: true },
    { method: 'POST', url: `/events/${ids.eventId}/queue/join`, body: false },
    { method: 'GET', url: `/events/${ids.eventId}/queue/me`, body: false },
    { method: 'POST', url: `/events/${ids.eventId}/queue/heartbeat`, body: false },
    { method: 'POST', url: `/events/${ids.eventId}/queue/leave`, body: false },
    { method: 'GET', url: `/events/${ids.eventId}/queue/draw`, body: false },
    { method: 'PUT', url: `/admin/events/${ids.eventId}/queue`, body: true },
    { method: 'POST', url: `/admin/events/${ids.eventId}/queue/pause`, body: false },
    { method: 'GET', url: `/admin/events/${ids.eventId}/queue`, body: false },
    { method: 'POST', url: '/admin/queues/admit', body: false },
    { method: 'POST', url: '/admin/webhooks', body: true },
    { method: 'GET', url: '/admin/webhooks', body: false },
    { method: 'GET', url: `/admin/webhooks/${ids.webhookId}`, body: false },
    { method: 'POST', url: `/admin/webhooks/${ids.webhookId}/test`, body: false },
    { method: 'DELETE', url: `/admin/webhooks/${ids.webhookId}`, body: false },
  ];
}

describe('bad input gets a problem+json 4xx on every route, never a 5xx', () => {
  let t: TestApp;
  let all: ReturnType<typeof routes>;
  beforeAll(async () => {
    t = await testApp();
    const { event } = await hallEvent(t);
    const tickets = await t.bo.getTickets(event.id);
    const hold = await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [tickets[0]!.id] });
    const booking = await t.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [tickets[1]!.id], paymentDetails: { token: 'tok_visa' } });
    const webhook = await t.app.inject({ method: 'POST', url: '/admin/webhooks', headers: t.as.admin, payload: { url: 'http://127.0.0.1:9/hooks' } });
    all = routes({ eventId: event.id, holdId: hold.id, bookingId: booking.id, webhookId: webhook.json().id });
  });
  afterAll(() => t.close());

  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, label: string) {
    expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, label).toBeLessThan(500);
    expect(res.headers['content-type'], label).toBe('application/problem+json; charset=utf-8');
    expect(res.json(), label).toMatchObject({ type: expect.stringMatching(/^urn:boxoffice:error:/), code: expect.any(String), status: res.statusCode, detail: expect.any(String) });
  }

  it('names the field for unknown fields, wrong types and malformed ids', async () => {
    const { admin } = t.as;
    const expectations: Array<[InjectOptions, string]> = [
      [{ method: 'POST', url: '/holds', headers: admin, payload: { eventId: 'evt_x', best: { quantity: '2' } } }, 'best.quantity'],
      [{ method: 'POST', url: '/holds', headers: admin, payload: { eventId: 'evt_x', best: { quantity: 1 }, userId: 'mallory' } }, 'userId'],
      [{ method: 'POST', url: '/holds', headers: admin, payload: { eventId: '../etc', best: { quantity: 1 } } }, 'eventId'],
      [{ method: 'POST', url: '/holds', headers: admin, payload: { best: { quantity: 1 } } }, 'eventId'],
      [{ method: 'GET', url: '/events/not-an-id' }, 'eventId'],
      [{ method: 'GET', url: `/events/evt_${'x'.repeat(150)}` }, 'eventId'],
      [{ method: 'GET', url: '/holds/bkg_wrongkind', headers: admin }, 'holdId'],
      [{ method: 'GET', url: '/events?page=0' }, 'page'],
      [{ method: 'GET', url: '/events?pageSize=abc' }, 'pageSize'],
      [{ method: 'GET', url: '/events?cachebuster=1' }, 'cachebuster'],
      [{ method: 'POST', url: '/bookings/evt_x', headers: admin, payload: { ticketIds: ['tkt_a'], paymentDetails: { token: '4242424242424242' } } }, 'paymentDetails.token'],
      [{ method: 'POST', url: '/bookings/evt_x', headers: admin, payload: [1, 2] }, 'body'],
      [{ method: 'GET', url: '/admin/webhooks/evt_wrongkind', headers: admin }, 'webhookId'],
      [{ method: 'POST', url: '/admin/webhooks', headers: admin, payload: { url: 'https://e.test/', topics: 'booking.confirmed' } }, 'topics'],
    ];
    for (const [options, field] of expectations) {
      const res = await t.app.inject(options);
      expectProblem(res, `${options.method} ${options.url}`);
      expect(res.json(), `${options.method} ${options.url}`).toMatchObject({ code: 'VALIDATION', field });
    }
  });

  it('refuses huge, malformed and non-JSON bodies', async () => {
    const headers = { ...t.as.admin, 'content-type': 'application/json' };
    const huge = await t.app.inject({ method: 'POST', url: '/holds', headers, payload: JSON.stringify({ eventId: 'evt_x', pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expectProblem(huge, 'huge');
    expect(huge.statusCode).toBe(413);
    const broken = await t.app.inject({ method: 'POST', url: '/holds', headers, payload: '{"eventId": ' });
    expectProblem(broken, 'broken');
    expect(broken.statusCode).toBe(400);
    const proto = await t.app.inject({ method: 'POST', url: '/holds', headers, payload: '{"__proto__": {"admin": true}, "eventId": "evt_x"}' });
    expectProblem(proto, 'proto');
    const text = await t.app.inject({ method: 'POST', url: '/holds', headers: { ...t.as.admin, 'content-type': 'text/plain' }, payload: 'hello' });
    expectProblem(text, 'text');
    expect(text.statusCode).toBe(415);
    const empty = await t.app.inject({ method: 'POST', url: '/holds', headers });
    expectProblem(empty, 'empty');
  });

  it('answers a path with bad percent-encoding or a too long segment with a problem naming the path (found by the openapi fuzz)', async () => {
    for (const url of ['/holds/%zz', '/admin/webhooks/%', '/admin/events/%/inventory/reprice?page=1']) {
      const bad = await t.app.inject({ method: 'GET', url, headers: t.as.admin });
      expectProblem(bad, url);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION', field: 'path' });
    }
    const long = await t.app.inject({ method: 'GET', url: `/events/evt_${'x'.repeat(300)}/layout` });
    expectProblem(long, 'long');
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ code: 'VALIDATION', field: 'path' });
  });

  it('fuzz: random paths, queries, headers and bodies on every route give no 5xx', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('evt_', 'hld_x', 'bkg_', 'tkt_a', '%00', '..', '%E0%A4%A', 'evt_' + 'a'.repeat(64)));
    const token = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('alice', 'bob', 'admin'),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
    );
    const body = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ eventId: segment, ticketIds: fc.array(segment, { maxLength: 5 }), best: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }), fc.record({ paymentDetails: fc.record({ token: fc.oneof(fc.string(), fc.constantFrom('tok_visa', 'tok_timeout')) }) }));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: all.length - 1 }),
        fc.option(segment, { nil: undefined }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        token,
        body,
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        async (index, replaceId, query, auth, payload, idempotencyKey) => {
          const route = all[index]!;
          let url = route.url;
          if (replaceId !== undefined) url = url.replace(/(evt|hld|bkg|whk)_[A-Za-z0-9_-]+/, encodeURIComponent(replaceId));
          const [base, own = ''] = url.split('?');
          url = base!;
          const qs = [own, new URLSearchParams(query).toString()].filter(Boolean).join('&');
          const headers: Record<string, string> = {};
          if (auth === 'alice' || auth === 'bob' || auth === 'admin') Object.assign(headers, t.as[auth]);
          else if (auth !== undefined) headers.authorization = auth;
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey.replace(/[\r\n]/g, '');
          const res = await t.app.inject({
            method: route.method,
            url: qs ? `${url}?${qs}` : url,
            headers,
            ...(route.body || payload === null ? { payload: JSON.stringify(payload ?? null), headers: { ...headers, 'content-type': 'application/json' } } : {}),
          });
          expect(res.statusCode, `${route.method} ${url}?${qs} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expectProblem(res, `${route.method} ${url}`);
        },
      ),
      { numRuns: 400 },
    );
  });
});
