import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Payment } from '../../src/domain/types.js';
import type { TakeHoldResult } from '../../src/ports/store.js';
import { seedEvent } from './fixtures.js';
import { eachBackend, uid, type OpenedStore } from './harness.js';

/**
 * On PostgreSQL these run over a pool of 20 connections, so the calls really interleave in
 * the server; on PGlite they queue on its one session (the same code, serialised).
 */
eachBackend('postgres store: concurrency', (backend) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await backend.open({ maxConnections: 20 });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('never lets one user exceed the per-user cap with 20 parallel holds', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 4, seatsPerRow: 20 }, { maxTicketsPerUser: 5 });
    for (let round = 0; round < 3; round++) {
      const user = `greedy${round}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          // 1 or 2 distinct seats per request; rounds use disjoint seats.
          const base = round * 26 + i;
          const ids = i % 2 === 0 ? [t[base]!] : [t[base]!, t[base + 20 < 80 ? base + 20 : base]!];
          return store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: user, ticketIds: [...new Set(ids)], ttlSeconds: 60, maxTicketsPerUser: 5 });
        }),
      );
      const held = results.flatMap((r) => (r.ok ? r.hold.ticketIds : []));
      const refused = results.filter((r) => !r.ok && r.reason === 'LIMIT_EXCEEDED').length;
      expect(held.length).toBeLessThanOrEqual(5);
      expect(held.length).toBeGreaterThanOrEqual(4);
      expect(refused).toBeGreaterThan(0);
      const owned = (await store.getTickets(event.id)).filter((x) => x.status === 'RESERVED' && held.includes(x.id));
      expect(owned).toHaveLength(held.length);
    }
  });

  it('never reserves one seat for two holds when many connections race for overlapping seats', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 30 });
    const attempts = 120;
    const results: TakeHoldResult[] = await Promise.all(
      Array.from({ length: attempts }, (_, i) => {
        const k = (i * 11) % 28;
        // Ask in a scrambled order: lock ordering is the store's job.
        const ids = i % 2 === 0 ? [t[k]!, t[k + 1]!, t[k + 2]!] : [t[k + 2]!, t[k]!, t[k + 1]!];
        return store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `racer${i}`, ticketIds: ids, ttlSeconds: 60, maxTicketsPerUser: 10 });
      }),
    );
    const wins = results.filter((r): r is Extract<TakeHoldResult, { ok: true }> => r.ok);
    const taken = wins.flatMap((w) => w.hold.ticketIds);
    expect(new Set(taken).size).toBe(taken.length);
    // 3-seat windows over 30 seats: at least 6 fit however the races go.
    expect(wins.length).toBeGreaterThanOrEqual(6);
    // Nothing refused for no reason: each refusal names seats some winner holds.
    const takenSet = new Set(taken);
    for (const r of results) {
      if (r.ok) continue;
      expect(r.reason).toBe('SEAT_UNAVAILABLE');
      if (r.reason !== 'SEAT_UNAVAILABLE') continue;
      expect(r.unavailable.length).toBeGreaterThan(0);
      for (const id of r.unavailable) expect(takenSet.has(id)).toBe(true);
    }
    const reserved = (await store.getTickets(event.id)).filter((x) => x.status === 'RESERVED');
    expect(reserved.map((x) => x.id).sort()).toEqual([...taken].sort());
    for (const w of wins) {
      for (const id of w.hold.ticketIds) expect(reserved.find((x) => x.id === id)?.holdId).toBe(w.hold.id);
    }
  });

  it('keeps the books straight when confirms, sweeps and new holds race past expiry', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 2, seatsPerRow: 20 });
    const holds: { id: string; userId: string; ticketIds: readonly string[]; total: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `b${i}`, ticketIds: [t[2 * i]!, t[2 * i + 1]!], ttlSeconds: 20, maxTicketsPerUser: null });
      if (!r.ok) throw new Error('setup hold failed');
      holds.push(r.hold);
    }
    const at = new Date(await store.now()).toISOString();
    const payments: Payment[] = holds.map((h) => ({
      id: uid('pay'), holdId: h.id, userId: h.userId, bookingId: null, amount: h.total, currency: 'EUR',
      status: 'AUTHORIZING', gatewayReference: null, failureReason: null, createdAt: at, updatedAt: at,
    }));
    for (const p of payments) await store.createPayment(p);
    // Move the clock to the brink: some confirms land before expiry, the rest after it.
    await store.advanceClock(19_950);
    const work: Promise<unknown>[] = [];
    holds.forEach((h, i) => {
      work.push(
        store.confirmHold({
          holdId: h.id, userId: h.userId, bookingId: uid('bkg'), paymentId: payments[i]!.id, gatewayReference: `ref-${i}`,
          outbox: { id: uid('obx'), topic: 'booking.confirmed', payload: { holdId: h.id } },
        }),
      );
      if (i % 4 === 0) work.push(store.sweepExpired(3));
      if (i === 10) work.push(store.advanceClock(1_000));
      if (i % 3 === 0) {
        work.push(store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `late${i}`, ticketIds: [...h.ticketIds], ttlSeconds: 20, maxTicketsPerUser: null }));
      }
    });
    await Promise.all(work);
    while ((await store.sweepExpired(50)).length > 0);

    const audit = await store.audit(event.id);
    expect(audit).toMatchObject({ ok: true, oversoldTickets: [], soldWithoutBooking: [], bookingsMissingTickets: [] });
    for (const h of holds) {
      const hold = await store.getHold(h.id);
      const booking = await store.getBookingByHold(h.id);
      if (booking) {
        expect(hold?.status).toBe('CONFIRMED');
        const tickets = await store.getTicketsByIds(h.ticketIds);
        expect(tickets.every((x) => x.status === 'SOLD' && x.bookingId === booking.id)).toBe(true);
      } else {
        expect(hold?.status).toBe('EXPIRED');
      }
    }
    const outbox = await store.listOutbox({ undispatchedOnly: true, limit: 1000 });
    const confirmed = (await store.listBookings({ eventId: event.id, limit: 100, offset: 0 })).map((b) => b.id);
    expect(outbox.filter((m) => confirmed.includes(m.aggregateId))).toHaveLength(confirmed.length);
  });
});
