import { auditDraw, connect, findDrawPlace, signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, listenUrl, SECRET, testApp, type TestApp } from './helpers.js';

describe('the waiting queue over HTTP', () => {
  let t: TestApp;
  let url: string;
  const clients: RemoteBoxOffice[] = [];
  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await t.close();
  });

  it("answers an event without a queue 409 QUEUE_DISABLED on the queue's stats, as the document says", async () => {
    const { event } = await hallEvent(t);
    const res = await t.app.inject({ method: 'GET', url: `/admin/events/${event.id}/queue`, headers: t.as.admin });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'QUEUE_DISABLED', details: { configured: false } });
  });

  it('configures, joins, admits with a token only the admitted user sees, and holds with it', async () => {
    const { event } = await hallEvent(t);
    const q = `/admin/events/${event.id}/queue`;
    const configured = await t.app.inject({ method: 'PUT', url: q, headers: t.as.admin, payload: { mode: 'fifo', admissionRate: null, maxActive: 1 } });
    expect(configured.statusCode).toBe(200);
    expect(configured.json()).toMatchObject({ eventId: event.id, settings: { enabled: true, mode: 'fifo', maxActive: 1 } });
    expect((await t.app.inject({ method: 'PUT', url: q, headers: t.as.alice, payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: q, headers: t.as.admin, payload: { mode: 'lottery' } })).json()).toMatchObject({ code: 'VALIDATION', field: 'mode' });

    // A hold on a queued event needs the admission token.
    const refused = await t.app.inject({ method: 'POST', url: '/holds', headers: t.as.alice, payload: { eventId: event.id, best: { quantity: 1 } } });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);

    const alice = connect(url, { token: signToken(SECRET, { userId: 'alice' }) });
    const bob = connect(url, { token: signToken(SECRET, { userId: 'bob' }) });
    clients.push(alice, bob);
    const bobUpdates: unknown[] = [];
    bob.queue.subscribe((u) => bobUpdates.push(u));
    const joined = await alice.queue.join({ eventId: event.id, userId: 'alice' });
    expect(joined).toMatchObject({ eventId: event.id, userId: 'alice', number: 1 });
    expect((await alice.queue.join({ eventId: event.id, userId: 'alice' })).number).toBe(1);
    expect((await bob.queue.join({ eventId: event.id, userId: 'bob' })).number).toBe(2);
    await expect(alice.queue.status({ eventId: event.id, userId: 'bob' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    for (let i = 0; i < 100 && !/boxoffice_ws_clients 1\b/.test((await t.app.inject({ method: 'GET', url: '/metrics' })).body); i += 1) {
      await new Promise((r) => setTimeout(r, 30));
    }
    const ops = connect(url, { token: signToken(SECRET, { userId: 'ops', role: 'admin' }) });
    clients.push(ops);
    expect(await ops.admitQueues()).toEqual([expect.objectContaining({ eventId: event.id, admitted: 1 })]);
    const status = await alice.queue.heartbeat({ eventId: event.id, userId: 'alice' });
    expect(status.state).toBe('admitted');
    expect(status.admissionToken).toEqual(expect.any(String));
    const hold = await alice.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 }, admissionToken: status.admissionToken! });
    expect(hold.status).toBe('ACTIVE');
    // Bob hears that the counter moved, but never sees Alice's token.
    for (let i = 0; i < 100 && bobUpdates.length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(bobUpdates).toContainEqual(expect.objectContaining({ type: 'queue.admitted', eventId: event.id, admitted: [] }));
    expect(JSON.stringify(bobUpdates)).not.toContain(status.admissionToken!);

    const stats = await ops.queueStats(event.id);
    expect(stats).toMatchObject({ eventId: event.id, issued: 2 });
    expect((await ops.pauseQueue(event.id)).paused).toBe(true);
    expect((await ops.resumeQueue(event.id)).paused).toBe(false);
    expect((await bob.queue.leave({ eventId: event.id, userId: 'bob' })).state).not.toBe('waiting');
  });

  it('publishes a randomized draw as per-user commitments: no user id, and each user finds their own number', async () => {
    const { event } = await hallEvent(t);
    const onSaleAt = new Date(Date.now() + 1_500).toISOString();
    const configured = await t.app.inject({ method: 'PUT', url: `/admin/events/${event.id}/queue`, headers: t.as.admin, payload: { mode: 'randomized', onSaleAt } });
    expect(configured.statusCode).toBe(200);
    const draw = `/events/${event.id}/queue/draw`;
    // Before the draw, anyone sees the seed's hash (and nothing else).
    const before = (await t.app.inject({ method: 'GET', url: draw })).json();
    expect(before).toEqual({ eventId: event.id, seedHash: expect.stringMatching(/^[0-9a-f]{64}$/), seed: null, drawn: false, participants: 0, offset: 0, order: [] });
    const users = ['ann@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com'];
    for (const userId of users) await t.bo.queue.join({ eventId: event.id, userId });
    await new Promise((r) => setTimeout(r, Date.parse(onSaleAt) - Date.now() + 50));
    for (const userId of users) await t.bo.queue.heartbeat({ eventId: event.id, userId });
    await t.bo.admitQueues();

    const res = await t.app.inject({ method: 'GET', url: draw });
    expect(res.statusCode).toBe(200);
    for (const userId of users) expect(res.body).not.toContain(userId);
    expect(res.body).not.toContain('example.com');
    const published = res.json();
    expect(published).toMatchObject({ seedHash: before.seedHash, seed: expect.stringMatching(/^[0-9a-f]{64}$/), drawn: true, participants: 4 });
    expect(auditDraw(published)).toEqual({ seedMatchesCommitment: true, orderReproduced: true });
    for (const userId of users) {
      const { number } = await t.bo.queue.status({ eventId: event.id, userId });
      expect(findDrawPlace(published, userId)).toBe(number);
    }
    // The remote client reads the same published draw.
    const anyone = connect(url, {});
    clients.push(anyone);
    expect(await anyone.queue.drawOrder(event.id, { offset: 1, limit: 2 })).toEqual({ ...published, offset: 1, order: published.order.slice(1, 3) });
  });
});
