import { afterEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';
import { LiveClient } from './live-helpers.js';

describe('WS /events/:eventId/live', () => {
  let t: TestApp | undefined;
  let clients: LiveClient[] = [];
  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await t?.close();
    t = undefined;
  });

  async function listen(options: Parameters<typeof testApp>[0] = {}) {
    t = await testApp(options);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    return { t, base: `ws://127.0.0.1:${address.port}` };
  }
  async function connect(url: string) {
    const c = await LiveClient.connect(url);
    clients.push(c);
    return c;
  }

  it('sends a snapshot, then coalesced diffs with consecutive sequence numbers', async () => {
    const { t, base } = await listen();
    const { event } = await hallEvent(t);
    const layout = (await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout` })).json();
    const client = await connect(`${base}/events/${event.id}/live`);
    const snapshot = await client.waitFor((m) => m.type === 'snapshot');
    expect(snapshot).toMatchObject({ eventId: event.id, seq: 0, count: 56, statuses: 'A'.repeat(56) });

    const [a, b, c] = layout.tickets.id as string[];
    const started = Date.now();
    await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [a!] });
    await t.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [b!, c!] });
    const first = await client.waitFor((m) => m.type === 'diff');
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(1000);
    expect(first.seq).toBe(1);
    // Both holds, made within one flush interval, arrive as one diff.
    expect(new Map(first.changes)).toEqual(new Map([[a, 'R'], [b, 'R'], [c, 'R']]));

    await t.bo.book({ eventId: event.id, userId: 'carol', ticketIds: [layout.tickets.id[5]], paymentDetails: { token: 'tok_visa' } });
    const second = await client.waitFor((m) => m.type === 'diff' && m.seq === 2);
    expect(second.changes).toEqual([[layout.tickets.id[5], 'S']]);

    // A late joiner's snapshot already holds everything, at the current sequence number.
    const late = await connect(`${base}/events/${event.id}/live`);
    const lateSnapshot = await late.waitFor((m) => m.type === 'snapshot');
    expect(lateSnapshot.seq).toBe(2);
    expect(lateSnapshot.statuses.slice(0, 6)).toBe('RRRAAS');
    // A client that saw a gap asks for a fresh snapshot.
    client.ws.send(JSON.stringify({ type: 'snapshot' }));
    await client.waitFor((m) => m.type === 'snapshot' && m.seq === 2);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/boxoffice_ws_clients 2/);
  });

  it('refuses unknown events and malformed ids before upgrading', async () => {
    const { base } = await listen();
    await expect(LiveClient.connect(`${base}/events/evt_missing/live`)).rejects.toMatchObject({ status: 404 });
    await expect(LiveClient.connect(`${base}/events/..%2F..%2Fetc/live`)).rejects.toMatchObject({ status: 400 });
    await expect(LiveClient.connect(`${base}/nowhere`)).rejects.toMatchObject({ status: 404 });
    // The deployment-wide feed needs a token.
    await expect(LiveClient.connect(`${base}/live`)).rejects.toMatchObject({ status: 401 });
    await expect(LiveClient.connect(`${base}/live?access_token=forged`)).rejects.toMatchObject({ status: 401 });
  });

  it('heals changes the bus never announced by re-reading the store', async () => {
    const { t, base } = await listen({ live: { resyncIntervalMs: 200 } });
    const { event } = await hallEvent(t, { holdTtlSeconds: 60 });
    const layout = (await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout` })).json();
    await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [layout.tickets.id[0]] });
    const client = await connect(`${base}/events/${event.id}/live`);
    expect((await client.waitFor((m) => m.type === 'snapshot')).statuses[0]).toBe('R');
    // The hold lapses by the store's clock: no sweep, so no bus message; the resync sees it.
    await t.store.advanceClock(61_000);
    const diff = await client.waitFor((m) => m.type === 'diff');
    expect(diff.changes).toEqual([[layout.tickets.id[0], 'A']]);
  });

  it('closes live sockets with a reason on shutdown', async () => {
    const { t, base } = await listen();
    const { event } = await hallEvent(t);
    const client = await connect(`${base}/events/${event.id}/live`);
    await client.waitFor((m) => m.type === 'snapshot');
    await t.app.close();
    await client.closed();
    expect(client.closeCode).toBe(1001);
    expect(client.closeReason).toBe('server shutting down');
  });
});
