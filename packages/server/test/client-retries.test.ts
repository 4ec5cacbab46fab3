import { connect, isBoxOfficeError, signToken, type BoxOfficeError, type ConnectOptions, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FaultProxy } from './fault-proxy.js';
import { hallEvent, listenUrl, SECRET, testApp, type TestApp } from './helpers.js';

/**
 * The remote client's retries and request ids against a real server behind a real TCP proxy
 * that resets connections, loses answers or answers 503 as scripted.
 */
describe('remote client retries and request ids', () => {
  let t: TestApp;
  let url: string;
  let proxy: FaultProxy;
  const clients: RemoteBoxOffice[] = [];
  const alice = signToken(SECRET, { userId: 'alice' });
  const admin = signToken(SECRET, { userId: 'ops', role: 'admin' });
  /** A client through the proxy, one connection (so each scripted plan meets one try), short pauses. */
  const client = (token: string | undefined, options: ConnectOptions = {}) => {
    const c = connect(proxy.url, { connections: 1, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 2000 }, ...(token === undefined ? {} : { token }), ...options });
    clients.push(c);
    return c;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('the call succeeded');
      },
      (error: unknown) => error as BoxOfficeError,
    );
  const seatsIn = async (eventId: string, status: string) => (await t.bo.getTickets(eventId)).filter((ticket) => ticket.status === status).length;

  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
    proxy = await FaultProxy.start(url);
  });
  beforeEach(() => proxy.script());
  afterAll(async () => {
    for (const c of clients) await c.close();
    await proxy.close();
    await t.close();
  });

  it('retries a GET after a reset connection and after a balancer 503, and succeeds', async () => {
    const { event } = await hallEvent(t);
    proxy.script('reset', { status: 503, retryAfterSeconds: 0 });
    const view = await client(undefined).getEvent(event.id);
    expect(view.id).toBe(event.id);
    expect(proxy.connections).toBe(3);
    expect(proxy.requests.map((r) => r.line)).toEqual(Array(3).fill(`GET /events/${event.id} HTTP/1.1`));
  });

  it('retries a hold and a confirm whose answers were lost without doubling them: one hold, one booking, one payment', async () => {
    const { event } = await hallEvent(t);
    const buyer = client(alice);
    proxy.script('drop-answer');
    const hold = await buyer.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 } });
    // The server made the hold on the first try; the second got that hold back (the SDK replays it).
    expect(proxy.answers.map((a) => a.status)).toEqual([201, 201]);
    const keys = proxy.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^auto-[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await seatsIn(event.id, 'RESERVED')).toBe(2);

    const payments = t.gateway.ledger().length;
    proxy.script('drop-answer', 'drop-answer');
    const booking = await buyer.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' }, idempotencyKey: 'my-confirm-1' });
    expect(proxy.requests.map((r) => r.headers['idempotency-key'])).toEqual(['my-confirm-1', 'my-confirm-1', 'my-confirm-1']);
    expect(proxy.answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(booking.ticketIds).toEqual(hold.ticketIds);
    expect(await seatsIn(event.id, 'SOLD')).toBe(2);
    expect(await t.bo.listBookings({ userId: 'alice', eventId: event.id })).toHaveLength(1);
    // One payment taken, captured once: three tries, one charge.
    expect(t.gateway.ledger().slice(payments).map((entry) => entry.status)).toEqual(['captured']);

    // The seed's one-shot booking and a cancel, their answers lost once each: still one of each.
    const free = (await t.bo.getTickets(event.id)).filter((ticket) => ticket.status === 'AVAILABLE').map((ticket) => ticket.id);
    proxy.script('drop-answer');
    const second = await buyer.book({ eventId: event.id, userId: 'alice', ticketIds: [free[0]!], paymentDetails: { token: 'tok_visa' } });
    expect(await seatsIn(event.id, 'SOLD')).toBe(3);
    proxy.script('drop-answer');
    const cancelled = await buyer.cancelBooking({ bookingId: second.id, userId: 'alice' });
    expect(cancelled.status).toBe('CANCELLED');
    expect(await seatsIn(event.id, 'SOLD')).toBe(2);
    expect(await t.bo.listBookings({ userId: 'alice', eventId: event.id })).toHaveLength(2);
    const audit = await t.bo.audit(event.id);
    expect(audit).toMatchObject({ ok: true, oversoldTickets: [], soldWithoutBooking: [], bookingsMissingTickets: [], capturesWithoutBooking: [], bookingsWithoutPayment: [] });
  });

  it('names the generated key when every answer was lost, and a retry with it gets the first hold', async () => {
    const { event } = await hallEvent(t);
    const buyer = client(alice);
    proxy.script('drop-answer', 'drop-answer', 'drop-answer');
    const lostAll = await failure(buyer.hold({ eventId: event.id, userId: 'alice', best: { quantity: 3 } }));
    expect(lostAll.code).toBe('UNAVAILABLE');
    expect(lostAll.message).toMatch(/\(3 tries\)$/);
    const key = lostAll.details?.idempotencyKey;
    expect(key).toBe(proxy.requests[0]!.headers['idempotency-key']);
    expect(await seatsIn(event.id, 'RESERVED')).toBe(3);
    const hold = await buyer.hold({ eventId: event.id, userId: 'alice', best: { quantity: 3 }, idempotencyKey: String(key) });
    expect(hold.ticketIds).toHaveLength(3);
    expect(await seatsIn(event.id, 'RESERVED')).toBe(3);
    // A final answer is left as the server gave it: no key added to its details.
    const taken = await failure(buyer.hold({ eventId: event.id, userId: 'alice', ticketIds: [hold.ticketIds[0]!] }));
    expect(taken.code).toBe('SEAT_UNAVAILABLE');
    expect(taken.details?.idempotencyKey).toBeUndefined();
  });

  it('retries queue calls whose answers were lost: a join and a heartbeat as they are, a leave by key', async () => {
    const { event } = await hallEvent(t);
    await t.bo.queue.configure(event.id, { enabled: true, admissionRate: 1, maxActive: 1 });
    await t.bo.queue.pause(event.id); // nobody is admitted while the test looks at the line
    await t.bo.queue.join({ eventId: event.id }, { userId: 'first-in-line' });
    const buyer = client(alice);

    proxy.script('drop-answer');
    const joined = await buyer.queue.join({ eventId: event.id });
    // The server joined alice on the first try; the second got the same number back, not a new one.
    expect(proxy.answers.map((a) => a.status)).toEqual([200, 200]);
    expect(proxy.requests.map((r) => r.headers['idempotency-key'])).toEqual([undefined, undefined]);
    expect(joined).toMatchObject({ userId: 'alice', number: 2 });
    expect((await t.bo.queue.stats(event.id)).waiting).toBe(2);

    proxy.script('drop-answer');
    expect((await buyer.queue.heartbeat({ eventId: event.id })).number).toBe(2);
    expect(proxy.requests).toHaveLength(2);

    proxy.script('drop-answer');
    const left = await buyer.queue.leave({ eventId: event.id });
    // The first try took alice out of the line; the retry got that answer back (not NOT_JOINED).
    expect(left).toMatchObject({ userId: 'alice', state: 'left' });
    const keys = proxy.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^auto-[0-9a-f-]{36}$/);
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(proxy.answers.map((a) => [a.status, a.headers['idempotent-replayed']])).toEqual([[200, undefined], [200, 'true']]);
    await expect(t.bo.queue.status({ eventId: event.id }, { userId: 'alice' })).rejects.toMatchObject({ code: 'QUEUE_NOT_JOINED' });
  });

  it('retries an operator\'s queue calls whose answers were lost: pause and resume as they are, an admission tick by key', async () => {
    const { event } = await hallEvent(t);
    const ops = client(admin);
    await ops.queue.configure(event.id, { enabled: true });
    proxy.script('drop-answer');
    expect((await ops.queue.pause(event.id)).paused).toBe(true);
    expect(proxy.requests).toHaveLength(2);
    proxy.script('drop-answer');
    expect((await ops.queue.resume(event.id)).paused).toBe(false);
    expect(proxy.requests).toHaveLength(2);
    proxy.script('drop-answer');
    await ops.queue.admit();
    const keys = proxy.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(proxy.answers[1]!.headers['idempotent-replayed']).toBe('true');
  });

  it('never retries a call the server does not de-duplicate once it may have reached it', async () => {
    const { event } = await hallEvent(t);
    proxy.script('drop-answer');
    const error = await failure(client(admin).updateEvent(event.id, { popularity: 9 }));
    expect(error.code).toBe('UNAVAILABLE');
    // No answer, but the id the call was sent with: the server logged the change under it.
    expect(error.requestId).toBe(proxy.requests[0]!.headers['x-request-id']);
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]!.headers['idempotency-key']).toBeUndefined();
    // It did happen: the answer was lost, not the change.
    expect((await t.bo.getEvent(event.id)).popularity).toBe(9);
  });

  it('gives errors the request id of the answer, the same as its X-Request-Id header', async () => {
    const buyer = client(alice);
    const error = await failure(buyer.getHold('hld_missing', 'alice'));
    expect(error.code).toBe('NOT_FOUND');
    const header = proxy.answers[0]!.headers['x-request-id'];
    expect(header).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(header);
    expect(error.toJSON()).toMatchObject({ code: 'NOT_FOUND', requestId: header });
    // The message is the server's, as before: the id is a property, not text in the message.
    const embedded = await failure(t.bo.getHold('hld_missing', 'alice'));
    expect(error.message).toBe(embedded.message);
    expect(embedded.requestId).toBeUndefined();
  });

  it('sends one X-Request-Id per call, the same on every try, and names it in the error', async () => {
    const { event } = await hallEvent(t);
    const buyer = client(alice);
    proxy.script('drop-answer', 'reset', 'drop-answer');
    const lost = await failure(buyer.hold({ eventId: event.id, userId: 'alice', best: { quantity: 1 } }));
    const sent = proxy.requests.map((r) => r.headers['x-request-id']);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent).toEqual([sent[0], sent[0], sent[0]]);
    // Every answer was lost, yet the error names the id the server answered (and logged) under.
    expect(proxy.answers.map((a) => a.headers['x-request-id'])).toEqual([sent[0], sent[0]]);
    expect(lost.requestId).toBe(sent[0]);

    proxy.script();
    const missing = await failure(buyer.getHold('hld_missing', 'alice'));
    const next = proxy.requests[0]!.headers['x-request-id'];
    expect(next).not.toBe(sent[0]);
    expect(missing.requestId).toBe(next);
    expect(proxy.answers[0]!.headers['x-request-id']).toBe(next);
  });

  it('does not retry with retry: false, and sends no generated key then', async () => {
    const { event } = await hallEvent(t);
    const once = client(alice, { retry: false });
    proxy.script('reset');
    expect((await failure(once.getEvent(event.id))).code).toBe('UNAVAILABLE');
    expect(proxy.connections).toBe(1);

    proxy.script({ status: 503, retryAfterSeconds: 0 });
    const shed = await failure(once.getEvent(event.id));
    expect(shed.code).toBe('UNAVAILABLE');
    expect(proxy.requests).toHaveLength(1);

    proxy.script('drop-answer');
    expect((await failure(once.hold({ eventId: event.id, userId: 'alice', best: { quantity: 1 } }))).code).toBe('UNAVAILABLE');
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it("honours a 503's Retry-After, and gives up at once when it asks for longer than maxDelayMs", async () => {
    const { event } = await hallEvent(t);
    proxy.script({ status: 503, retryAfterSeconds: 1 });
    const started = Date.now();
    await client(undefined).getEvent(event.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(proxy.requests).toHaveLength(2);

    proxy.script({ status: 503, retryAfterSeconds: 1 });
    const impatient = client(undefined, { retry: { maxDelayMs: 500 } });
    const error = await failure(impatient.getEvent(event.id));
    expect(isBoxOfficeError(error, 'UNAVAILABLE')).toBe(true);
    expect(proxy.requests).toHaveLength(1);
  });

  it('stops waiting to retry when the client is closed', async () => {
    const { event } = await hallEvent(t);
    proxy.script({ status: 503, retryAfterSeconds: 2 });
    const closing = connect(proxy.url, { connections: 1 });
    const started = Date.now();
    const pending = failure(closing.getEvent(event.id));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closing.close();
    expect((await pending).code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(proxy.requests).toHaveLength(1);
  });
});

describe('the server X-Request-Id', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
  });
  afterAll(() => t.close());

  const get = async (path: string, headers: Record<string, string | string[]> = {}) => {
    const fields = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]));
    const res = await fetch(`${url}${path}`, { headers: fields });
    return { status: res.status, id: res.headers.get('x-request-id'), body: await res.text() };
  };

  it('echoes a sane incoming id, on answers and in problems', async () => {
    const ok = await get('/events', { 'x-request-id': 'lb-7f3a:0001_x.y~z+/=' });
    expect(ok).toMatchObject({ status: 200, id: 'lb-7f3a:0001_x.y~z+/=' });
    const missing = await get('/events/evt_missing', { 'x-request-id': 'client-req-42' });
    expect(missing.status).toBe(404);
    expect(missing.id).toBe('client-req-42');
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'NOT_FOUND', requestId: 'client-req-42' });
  });

  it('replaces an absent, too long, oddly written or repeated id with a fresh UUID', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seen = new Set<string>();
    const odd: Record<string, string | string[]>[] = [{}, { 'x-request-id': 'a'.repeat(129) }, { 'x-request-id': 'has space' }, { 'x-request-id': '<script>' }, { 'x-request-id': '' }, { 'x-request-id': ['one', 'two'] }];
    for (const headers of odd) {
      const res = await get('/events/evt_missing', headers);
      expect(res.id, JSON.stringify(headers)).toMatch(uuid);
      expect(JSON.parse(res.body).requestId).toBe(res.id);
      seen.add(String(res.id));
    }
    expect(seen.size).toBe(6);
    expect((await get('/events', { 'x-request-id': 'a'.repeat(128) })).id).toBe('a'.repeat(128));
  });

  it('puts the id on answers no route gave: a path the router refused', async () => {
    const res = await get('/holds/%zz', { 'x-request-id': 'bad-path-1' });
    expect(res.status).toBe(400);
    expect(res.id).toBe('bad-path-1');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION', field: 'path', requestId: 'bad-path-1' });
  });

  it("logs every line of a request under its id (reqId)", async () => {
    const lines: string[] = [];
    const logged = await testApp({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
    try {
      const loggedUrl = await listenUrl(logged.app);
      const res = await fetch(`${loggedUrl}/events/evt_missing`, { headers: { 'x-request-id': 'log-me-1' } });
      expect(res.headers.get('x-request-id')).toBe('log-me-1');
      await res.text();
      // "request completed" is written as the answer ends: give a loaded machine a moment.
      for (let i = 0; i < 50 && !lines.some((line) => line.includes('request completed') && line.includes('log-me-1')); i += 1) await new Promise((r) => setTimeout(r, 20));
      const mine = lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string }).filter((entry) => entry.reqId === 'log-me-1');
      expect(mine.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));

      // The remote client's own id: its error and the server's log lines name the same one.
      const remote = connect(loggedUrl);
      try {
        const error = await remote.events.get('evt_missing').then(
          () => {
            throw new Error('the call succeeded');
          },
          (e: unknown) => e as BoxOfficeError,
        );
        expect(error.code).toBe('NOT_FOUND');
        const id = error.requestId!;
        for (let i = 0; i < 50 && !lines.some((line) => line.includes('request completed') && line.includes(id)); i += 1) await new Promise((r) => setTimeout(r, 20));
        const theirs = lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string }).filter((entry) => entry.reqId === id);
        expect(theirs.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
      } finally {
        await remote.close();
      }
    } finally {
      await logged.close();
    }
  });

  it('puts the id on a refused WebSocket upgrade too', async () => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/events/not-an-event/live`, { headers: { 'x-request-id': 'ws-upgrade-1' } });
    const refused = await new Promise<{ status: number; id: unknown; body: string }>((resolve, reject) => {
      ws.once('unexpected-response', (_request, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, id: res.headers['x-request-id'], body }));
      });
      ws.once('open', () => reject(new Error('the upgrade was accepted')));
    });
    ws.on('error', () => undefined);
    expect(refused.status).toBe(400);
    expect(refused.id).toBe('ws-upgrade-1');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'VALIDATION', field: 'eventId', requestId: 'ws-upgrade-1' });
  });
});
