import { afterEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';
import { listeningApp, LiveClient } from './live-helpers.js';

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
    const listening = await listeningApp(options);
    t = listening.t;
    return listening;
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
    // The first change after a quiet interval goes out at once (leading edge)...
    const started = performance.now();
    await t.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [a!] });
    const first = await client.waitFor((m) => m.type === 'diff');
    expect(performance.now() - started).toBeLessThan(90);
    expect(first).toMatchObject({ seq: 1, changes: [[a, 'R']] });
    // ...and the changes made within the next interval are coalesced into one diff at its end.
    await t.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [b!] });
    await t.bo.hold({ eventId: event.id, userId: 'dave', ticketIds: [c!] });
    const coalesced = await client.waitFor((m) => m.type === 'diff' && m.seq === 2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(new Map(coalesced.changes)).toEqual(new Map([[b, 'R'], [c, 'R']]));

    await t.bo.book({ eventId: event.id, userId: 'carol', ticketIds: [layout.tickets.id[5]], paymentDetails: { token: 'tok_visa' } });
    const third = await client.waitFor((m) => m.type === 'diff' && m.seq === 3);
    expect(third.changes).toEqual([[layout.tickets.id[5], 'S']]);

    // A late joiner's snapshot already holds everything, at the current sequence number.
    const late = await connect(`${base}/events/${event.id}/live`);
    const lateSnapshot = await late.waitFor((m) => m.type === 'snapshot');
    expect(lateSnapshot.seq).toBe(3);
    expect(lateSnapshot.statuses.slice(0, 6)).toBe('RRRAAS');
    // A client that saw a gap asks for a fresh snapshot.
    client.ws.send(JSON.stringify({ type: 'snapshot' }));
    await client.waitFor((m) => m.type === 'snapshot' && m.seq === 3);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/boxoffice_ws_clients 2/);
  });

  it('coalesces a sustained burst: diffs at least an interval apart, none late, no change lost', async () => {
    const { t, base } = await listen({ live: { flushIntervalMs: 100 } });
    const { event } = await hallEvent(t);
    const layout = (await t.app.inject({ method: 'GET', url: `/events/${event.id}/layout` })).json();
    const client = await connect(`${base}/events/${event.id}/live`);
    await client.waitFor((m) => m.type === 'snapshot');
    const arrivals: number[] = [];
    client.ws.on('message', () => arrivals.push(performance.now()));
    const heldAt = new Map<string, number>();
    const ids = (layout.tickets.id as string[]).slice(0, 40);
    // One hold every ~15 ms for ~600 ms: far more changes than diffs.
    for (const [i, id] of ids.entries()) {
      heldAt.set(id, performance.now());
      await t.bo.hold({ eventId: event.id, userId: `u${i}`, ticketIds: [id] });
      await new Promise((r) => setTimeout(r, 15));
    }
    await client.waitFor((m) => m.type === 'diff' && m.changes.some(([id]: [string]) => id === ids.at(-1)));
    const diffs = client.messages.filter((m) => m.type === 'diff');
    expect(diffs.map((d) => d.seq)).toEqual(diffs.map((_, i) => i + 1));
    expect(diffs.flatMap((d) => d.changes.map(([id]: [string]) => id)).sort()).toEqual([...ids].sort());
    // Sent at least 100 ms apart (arrival times jitter a little on a busy machine).
    const burstMs = arrivals.at(-1)! - arrivals[0]!;
    expect(diffs.length).toBeLessThanOrEqual(Math.floor(burstMs / 100) + 2);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThan(70);
    // No change waits much past one interval.
    for (const [k, d] of diffs.entries()) {
      for (const [id] of d.changes as [string][]) expect(arrivals[k]! - heldAt.get(id)!).toBeLessThan(100 + 80);
    }
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
