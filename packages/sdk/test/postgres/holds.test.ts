import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedEvent } from './fixtures.js';
import { eachBackend, uid, type OpenedStore } from './harness.js';

eachBackend('postgres store: holds', (backend) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  const small = { sections: 2, rows: 2, seatsPerRow: 10 };

  it('takes a hold all-or-nothing and reports which seats were not takeable', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, small);
    const first = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'alice', ticketIds: [t[0]!, t[1]!], ttlSeconds: 60, maxTicketsPerUser: null });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.hold).toMatchObject({ eventId: event.id, userId: 'alice', ticketIds: [t[0], t[1]], total: 20_000, currency: 'EUR', status: 'ACTIVE' });
    expect(Date.parse(first.hold.expiresAt) - Date.parse(first.hold.createdAt)).toBe(60_000);
    expect(await store.getHold(first.hold.id)).toEqual(first.hold);

    const clash = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'bob', ticketIds: [t[2]!, t[1]!, t[3]!], ttlSeconds: 60, maxTicketsPerUser: null });
    expect(clash).toEqual({ ok: false, reason: 'SEAT_UNAVAILABLE', unavailable: [t[1]] });
    const after = await store.getTicketsByIds([t[0]!, t[1]!, t[2]!, t[3]!]);
    expect(after.map((x) => x.status)).toEqual(['RESERVED', 'RESERVED', 'AVAILABLE', 'AVAILABLE']);
    expect(after[0]).toMatchObject({ holdId: first.hold.id, reservedUntil: first.hold.expiresAt, version: 1 });
    expect(after[2]).toMatchObject({ holdId: null, version: 0 });

    const missing = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'bob', ticketIds: [t[5]!, 'tkt_nope'], ttlSeconds: 60, maxTicketsPerUser: null });
    expect(missing).toEqual({ ok: false, reason: 'NOT_FOUND', missing: ['tkt_nope'] });
    const otherEvent = await store.takeHold({ holdId: uid('hld'), eventId: 'evt_other', userId: 'bob', ticketIds: [t[5]!], ttlSeconds: 60, maxTicketsPerUser: null });
    expect(otherEvent).toEqual({ ok: false, reason: 'NOT_FOUND', missing: [t[5]] });
    expect((await store.getTicketsByIds([t[5]!]))[0]?.status).toBe('AVAILABLE');
  });

  it('treats seats of an expired hold as available at once, before any sweep', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, small);
    const old = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'alice', ticketIds: [t[0]!, t[1]!], ttlSeconds: 30, maxTicketsPerUser: null });
    expect(old.ok).toBe(true);
    if (!old.ok) return;
    expect((await store.getSnapshot(event.id)).filter((s) => !s.available).map((s) => s.id)).toEqual([t[0], t[1]]);

    await store.advanceClock(31_000);
    expect((await store.getHold(old.hold.id))?.status).toBe('EXPIRED');
    expect((await store.getSnapshot(event.id)).every((s) => s.available)).toBe(true);
    // Stored as RESERVED still: readers apply expiry (getTickets is "as stored").
    expect((await store.getTicketsByIds([t[0]!]))[0]?.status).toBe('RESERVED');

    const taker = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'bob', ticketIds: [t[1]!, t[2]!], ttlSeconds: 30, maxTicketsPerUser: null });
    expect(taker.ok).toBe(true);
    if (!taker.ok) return;
    // The old hold can no longer be confirmed, nor free the seat it lost.
    const swept = await store.sweepExpired(100);
    const mine = swept.find((f) => f.holdId === old.hold.id);
    expect(mine).toEqual({ holdId: old.hold.id, eventId: event.id, changes: [{ ticketId: t[0], status: 'AVAILABLE' }] });
    const tickets = await store.getTicketsByIds([t[0]!, t[1]!]);
    expect(tickets[0]).toMatchObject({ status: 'AVAILABLE', holdId: null, reservedUntil: null });
    expect(tickets[1]).toMatchObject({ status: 'RESERVED', holdId: taker.hold.id });
    expect(await store.sweepExpired(100)).toEqual([]);
  });

  it('caps what one user holds or owns per event, counting only unexpired holds', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, small, { maxTicketsPerUser: 3 });
    const take = (user: string, ids: string[]) =>
      store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: user, ticketIds: ids, ttlSeconds: 60, maxTicketsPerUser: 3 });
    expect((await take('carol', [t[0]!, t[1]!])).ok).toBe(true);
    expect(await take('carol', [t[2]!, t[3]!])).toEqual({ ok: false, reason: 'LIMIT_EXCEEDED', owned: 2 });
    expect((await take('carol', [t[2]!])).ok).toBe(true);
    expect(await take('carol', [t[3]!])).toEqual({ ok: false, reason: 'LIMIT_EXCEEDED', owned: 3 });
    expect((await take('dave', [t[3]!, t[4]!, t[5]!])).ok).toBe(true);
    await store.advanceClock(61_000);
    expect((await take('carol', [t[6]!, t[7]!, t[8]!])).ok).toBe(true);
  });

  it('releases a hold once; sweeping twice frees nothing more', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, small);
    const h = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'erin', ticketIds: [t[0]!, t[1]!], ttlSeconds: 60, maxTicketsPerUser: null });
    if (!h.ok) throw new Error('hold failed');
    const freed = await store.releaseHold(h.hold.id);
    expect(freed).toEqual({ holdId: h.hold.id, eventId: event.id, changes: [t[0], t[1]].map((ticketId) => ({ ticketId, status: 'AVAILABLE' })) });
    expect(await store.releaseHold(h.hold.id)).toBeNull();
    expect(await store.releaseHold('hld_missing')).toBeNull();
    expect((await store.getHold(h.hold.id))?.status).toBe('RELEASED');
    expect((await store.getTicketsByIds([t[0]!]))[0]).toMatchObject({ status: 'AVAILABLE', version: 2 });
  });

  it('sweeps in batches, many sweepers at once, each expired hold exactly once', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 4, seatsPerRow: 10 });
    const holdIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `u${i}`, ticketIds: [t[2 * i]!, t[2 * i + 1]!], ttlSeconds: 10, maxTicketsPerUser: null });
      if (!r.ok) throw new Error('hold failed');
      holdIds.push(r.hold.id);
    }
    await store.advanceClock(11_000);
    const batches = await Promise.all(Array.from({ length: 6 }, () => store.sweepExpired(4)));
    const more: string[] = [];
    for (;;) {
      const next = await store.sweepExpired(4);
      if (next.length === 0) break;
      more.push(...next.map((f) => f.holdId));
    }
    const mine = [...batches.flat().map((f) => f.holdId), ...more].filter((id) => holdIds.includes(id));
    expect(mine.sort()).toEqual([...holdIds].sort());
    expect(batches.every((b) => b.length <= 4)).toBe(true);
    expect((await store.getSnapshot(event.id)).every((s) => s.available)).toBe(true);
    const tickets = await store.getTickets(event.id);
    expect(tickets.every((x) => x.status === 'AVAILABLE' && x.holdId === null)).toBe(true);
  });

  it('measures takeHold latency', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 4, rows: 25, seatsPerRow: 20 });
    const n = 200;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `lat${i}`, ticketIds: [t[2 * i]!, t[2 * i + 1]!], ttlSeconds: 60, maxTicketsPerUser: 4 });
      expect(r.ok).toBe(true);
    }
    const perHold = (performance.now() - started) / n;
    console.log(`[${backend.name}] takeHold (2 seats, with per-user cap), sequential: ${perHold.toFixed(2)} ms per hold`);
  });
});
