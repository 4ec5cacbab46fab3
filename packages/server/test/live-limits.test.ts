import { signToken } from '@boxoffice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { bigEvent, hallEvent, SECRET, testApp, type TestApp } from './helpers.js';
import { listeningApp, LiveClient } from './live-helpers.js';

/** Live-socket abuse limits, over real sockets against a listening server. */
describe('live socket limits', () => {
  let t: TestApp | undefined;
  let clients: LiveClient[] = [];
  afterEach(async () => {
    for (const c of clients) c.ws.terminate();
    clients = [];
    await t?.close();
    t = undefined;
  });

  async function listen(options: Parameters<typeof testApp>[0] = {}) {
    const listening = await listeningApp(options);
    t = listening.t;
    return listening;
  }
  async function connect(url: string, options: Parameters<typeof LiveClient.connect>[1] = {}) {
    const c = await LiveClient.connect(url, options);
    clients.push(c);
    return c;
  }
  async function wsClients(app: TestApp): Promise<number> {
    const body = (await app.app.inject({ method: 'GET', url: '/metrics' })).body;
    return Number(/^boxoffice_ws_clients (\d+)/m.exec(body)?.[1] ?? NaN);
  }
  async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('refuses the N+1th socket from one address (429) and past the process cap (503), before upgrading', async () => {
    const { t, base } = await listen({ live: { maxSocketsPerIp: 3, maxSockets: 5 } });
    const { event } = await hallEvent(t);
    const url = `${base}/events/${event.id}/live`;
    const three = [await connect(url), await connect(url), await connect(url)];
    const refused = LiveClient.connect(url);
    await expect(refused).rejects.toMatchObject({ status: 429 });
    expect(JSON.parse((await refused.catch((e) => e)).body)).toMatchObject({ code: 'RATE_LIMITED', details: { scope: 'ip', limit: 3 } });
    // X-Forwarded-For is not believed without a trusted proxy: a forged one does not buy slots.
    await expect(LiveClient.connect(url, { headers: { 'x-forwarded-for': '203.0.113.9' } })).rejects.toMatchObject({ status: 429 });
    // A closed socket frees its slot.
    three[0]!.ws.terminate();
    await until(async () => (await wsClients(t)) === 2, 5000, 'the closed socket to leave');
    await connect(url);
  });

  it('behind a trusted proxy, counts sockets per forwarded address, and caps the process', async () => {
    const { t, base } = await listen({ trustProxy: true, live: { maxSocketsPerIp: 1, maxSockets: 3 } });
    const { event } = await hallEvent(t);
    const url = `${base}/events/${event.id}/live`;
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    await connect(url, from('203.0.113.1'));
    await expect(LiveClient.connect(url, from('203.0.113.1'))).rejects.toMatchObject({ status: 429 });
    await connect(url, from('203.0.113.2'));
    await connect(url, from('203.0.113.3'));
    await expect(LiveClient.connect(url, from('203.0.113.4'))).rejects.toMatchObject({ status: 503 });
  });

  it('answers a snapshot-request flood with bounded bytes, then closes the socket as abusive', async () => {
    const { t, base } = await listen({ live: { messageIntervalMs: 1000, maxIgnoredMessages: 10 } });
    const { event } = await hallEvent(t);
    const client = await connect(`${base}/events/${event.id}/live`);
    const first = await client.waitFor((m) => m.type === 'snapshot');
    const snapshotBytes = JSON.stringify(first).length;
    for (let i = 0; i < 200; i += 1) client.ws.send(JSON.stringify({ type: 'snapshot' }));
    await client.closed(10_000);
    expect(client.closeCode).toBe(1008);
    // The first snapshot, one answered request and at most one deferred to the interval's end: not 200.
    expect(client.messages.filter((m) => m.type === 'snapshot').length).toBeLessThanOrEqual(3);
    expect(client.bytes).toBeLessThanOrEqual(3 * snapshotBytes + 100);
  });

  it('answers a second snapshot request within the interval at its end, not never', async () => {
    const { t, base } = await listen({ live: { messageIntervalMs: 500 } });
    const { event } = await hallEvent(t);
    const client = await connect(`${base}/events/${event.id}/live`);
    await client.waitFor((m) => m.type === 'snapshot');
    client.ws.send('{"type":"snapshot"}');
    client.ws.send('{"type":"snapshot"}');
    await until(() => client.messages.filter((m) => m.type === 'snapshot').length === 3, 5000, 'the deferred snapshot');
    expect(client.closeCode).toBeUndefined();
  });

  it('drops a client that never reads once over the unsent-bytes bound; another still gets diffs', async () => {
    // Snapshot requests unthrottled here, so the stalled client can pile up megabytes fast.
    const { t, base } = await listen({ live: { maxBufferedBytes: 256 * 1024, messageIntervalMs: 0 } });
    const { event } = await bigEvent(t);
    const url = `${base}/events/${event.id}/live`;
    const reader = await connect(url);
    await reader.waitFor((m) => m.type === 'snapshot');
    const stalled = await connect(url);
    await stalled.waitFor((m) => m.type === 'snapshot');
    stalled.ws.pause(); // reads nothing more: the kernel's buffers fill, then the server's
    // ~10 KB a snapshot: 1,500 requests are ~15 MB, more than loopback's socket buffers hold.
    for (let i = 0; i < 1500 && stalled.ws.readyState === stalled.ws.OPEN; i += 1) {
      stalled.ws.send('{"type":"snapshot"}');
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20));
    }
    // The server lets go of the stalled socket (and its buffer) within seconds, not ws's 30 s close timeout.
    await until(async () => (await wsClients(t)) === 1, 15_000, 'the stalled client to be dropped');
    const layout = (await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout` })).json();
    await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [layout.tickets.id[0]] });
    expect((await reader.waitFor((m) => m.type === 'diff', 5000)).changes).toEqual([[layout.tickets.id[0], 'R']]);
  }, 30_000);

  it('closes a socket when its token expires; an anonymous one stays', async () => {
    const { t, base } = await listen();
    const { event } = await hallEvent(t);
    const url = `${base}/events/${event.id}/live`;
    const anonymous = await connect(url);
    const token = signToken(SECRET, { userId: 'alice', ttlSeconds: 3 }); // 2-3 s left: room to connect on a loaded machine
    const withToken = await connect(url, { headers: { authorization: `Bearer ${token}` } });
    const feed = await connect(`${base}/live?access_token=${encodeURIComponent(token)}`);
    await withToken.closed(10_000);
    await feed.closed(10_000);
    expect(withToken.closeCode).toBe(1008);
    expect(withToken.closeReason).toMatch(/token expired/);
    expect(feed.closeCode).toBe(1008);
    expect(anonymous.closeCode).toBeUndefined();
    // A bad token is refused, not taken as anonymous.
    await expect(LiveClient.connect(url, { headers: { authorization: 'Bearer garbage' } })).rejects.toMatchObject({ status: 401 });
  }, 15_000);

  it('heartbeats close peers that never answer a ping, on event channels and the feed', async () => {
    const { t, base } = await listen({ live: { heartbeatMs: 200 } });
    const { event } = await hallEvent(t);
    const token = signToken(SECRET, { userId: 'alice' });
    const healthy = await connect(`${base}/events/${event.id}/live`);
    const deadChannel = await connect(`${base}/events/${event.id}/live`, { autoPong: false });
    const deadFeed = await connect(`${base}/live?access_token=${token}`, { autoPong: false });
    await deadChannel.closed(8000);
    await deadFeed.closed(8000);
    expect(deadFeed.closeCode).toBe(1006); // terminated: no close frame for a dead peer
    expect(healthy.closeCode).toBeUndefined();
  }, 15_000);
});
