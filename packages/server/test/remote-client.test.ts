import { connect, isBoxOfficeError, signToken, type DomainEvent, type LiveDiff, type LiveSnapshot, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, listenUrl, SECRET, testApp, type TestApp } from './helpers.js';

describe('the remote client', () => {
  let t: TestApp;
  let url: string;
  const clients: RemoteBoxOffice[] = [];
  const client = (token?: string) => {
    const c = connect(url, token === undefined ? {} : { token });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await t.close();
  });

  it('views and searches without a token; books with a user token; refuses acting for others', async () => {
    const { event } = await hallEvent(t, { title: 'Remote gala' });
    const anonymous = client();
    expect(anonymous.storeKind).toBe('remote');
    const view = await anonymous.getEvent(event.id);
    expect(view).toEqual(JSON.parse(JSON.stringify(await t.bo.getEvent(event.id))));
    const found = await anonymous.searchEvents({ keyword: 'gala', facets: ['type'] });
    expect(found).toMatchObject({ total: 1, page: 1, items: [expect.objectContaining({ id: event.id })], facets: { type: [{ value: 'concert', count: 1 }] } });
    await expect(anonymous.hold({ eventId: event.id, userId: 'alice', best: { quantity: 1 } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const alice = client(signToken(SECRET, { userId: 'alice' }));
    const booking = await alice.book({ eventId: event.id, userId: 'alice', ticketIds: [view.tickets[0]!.id], paymentDetails: { token: 'tok_visa' } });
    expect(booking).toEqual(JSON.parse(JSON.stringify(await t.bo.getBooking(booking.id))));
    expect(await alice.listBookings({ userId: 'alice' })).toEqual([booking]);
    const err = await alice.hold({ eventId: event.id, userId: 'bob', best: { quantity: 1 } }).catch((e: unknown) => e);
    expect(isBoxOfficeError(err, 'FORBIDDEN')).toBe(true);
    await expect(alice.audit()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("manages webhooks with an admin token only: a user's is refused on every call", async () => {
    const ops = client(signToken(SECRET, { userId: 'ops', role: 'admin' }));
    const endpoint = await ops.webhooks.create({ url: 'https://203.0.113.20/hooks' });
    expect((await t.store.webhooks.getEndpoint(endpoint.id))?.url).toBe('https://203.0.113.20/hooks');
    const alice = client(signToken(SECRET, { userId: 'alice' }));
    const calls: Array<() => Promise<unknown>> = [
      () => alice.webhooks.create({ url: 'https://203.0.113.21/' }),
      () => alice.webhooks.list(),
      () => alice.webhooks.get(endpoint.id),
      () => alice.webhooks.test(endpoint.id),
      () => alice.webhooks.delete(endpoint.id),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(client().webhooks.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await t.store.webhooks.listEndpoints()).map((e) => e.id)).toEqual([endpoint.id]);
    await ops.webhooks.delete(endpoint.id);
  });

  it('reports an unreachable server as UNAVAILABLE, and a bad URL as VALIDATION', async () => {
    const gone = connect('http://127.0.0.1:1');
    await expect(gone.listEvents()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await gone.close();
    expect(() => connect('ftp://example')).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'url' }));
  });

  it('checks queue calls acting as the token\'s user before any request', async () => {
    // Nothing listens on port 1: a check left to the server would fail UNAVAILABLE instead.
    const gone = connect('http://127.0.0.1:1', { token: signToken(SECRET, { userId: 'alice' }), retry: false });
    try {
      await expect(gone.queue.join({ eventId: 'no spaces allowed' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'eventId' });
      await expect(gone.queue.join({ eventId: 'evt_1', receipt: '' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'receipt' });
      await expect(gone.queue.join({ eventId: 'evt_1', receipt: 'r'.repeat(1025) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'receipt' });
      await expect(gone.queue.status({ eventId: 'evt_1', extra: true } as never)).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(gone.queue.heartbeat({ eventId: '' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'eventId' });
      await expect(gone.queue.leave({ eventId: 'evt_1' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await gone.close();
    }
  });

  it('watches a seat map live, and subscribes to domain events', async () => {
    const { event } = await hallEvent(t);
    const ops = client(signToken(SECRET, { userId: 'ops', role: 'admin' }));
    const snapshots: LiveSnapshot[] = [];
    const diffs: LiveDiff[] = [];
    const events: DomainEvent[] = [];
    const watch = ops.watchEvent(event.id, { onSnapshot: (s) => snapshots.push(s), onDiff: (d) => diffs.push(d) });
    const unsubscribe = ops.subscribe((e) => events.push(e));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 30));
      expect(ok()).toBe(true);
    };
    await until(() => snapshots.length === 1);
    // The feed connects asynchronously: wait until both sockets are attached before changing anything.
    let metrics = '';
    for (let i = 0; i < 100 && !/boxoffice_ws_clients 2\b/.test(metrics); i += 1) {
      await new Promise((r) => setTimeout(r, 30));
      metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    }
    expect(metrics).toMatch(/boxoffice_ws_clients 2\b/);
    const hold = await ops.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 } });
    await until(() => diffs.length === 1 && events.length === 1);
    expect(diffs[0]).toMatchObject({ seq: 1, eventId: event.id });
    expect(diffs[0]!.changes.map(([id]) => id).sort()).toEqual([...hold.ticketIds].sort());
    expect(events[0]).toMatchObject({ type: 'tickets.changed', eventId: event.id, reason: 'hold' });
    watch.close();
    unsubscribe();
  });

  it('closes without an error while its live sockets are still connecting', async () => {
    const { event } = await hallEvent(t);
    const token = signToken(SECRET, { userId: 'ops', role: 'admin' });
    // ws emits 'error' when a socket still connecting is closed: unhandled, it crashed the process.
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      for (const delayMs of [0, 0, 1, 2, 5, 10]) {
        const c = connect(url, { token, retry: false });
        const errors: Error[] = [];
        c.subscribe(() => undefined);
        c.queue.subscribe(() => undefined);
        const watch = c.watchEvent(event.id, { onSnapshot: () => undefined, onDiff: () => undefined, onError: (e) => errors.push(e) });
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        watch.close();
        await c.close();
        // Let the sockets' own events (their error and close) run.
        await new Promise((r) => setTimeout(r, 50));
        expect(errors).toEqual([]);
      }
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught).toEqual([]);
  });
});
