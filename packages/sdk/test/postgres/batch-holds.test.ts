import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { takeHolds, type PostgresStore } from '../../src/adapters/postgres/index.js';
import type { TakeHoldRequest, TakeHoldResult } from '../../src/ports/store.js';
import { seedEvent } from './fixtures.js';
import { eachBackend, uid, type OpenedStore } from './harness.js';

/**
 * `bo_take_holds` (migration 003) and the store's hold batcher: a batch answers each request
 * exactly as `bo_take_hold` would one after another, each all-or-nothing; the per-user cap
 * holds inside a batch; a batch that fails as a whole writes nothing and is retried one by one.
 * Races between batches of several pools are in batch-race.test.ts.
 */
interface Step {
  readonly user: string;
  readonly seats: readonly (number | 'missing')[];
  readonly max: number | null;
}

const SCRIPT: readonly Step[] = [
  { user: 'ann', seats: [0, 1], max: null }, // OK
  { user: 'bob', seats: [2, 1, 3], max: null }, // SEAT_UNAVAILABLE [1]: nothing of it written
  { user: 'bob', seats: [4, 'missing'], max: null }, // NOT_FOUND
  { user: 'bob', seats: [2, 3], max: null }, // OK
  { user: 'cap', seats: [5, 6], max: 3 }, // OK
  { user: 'cap', seats: [7, 8], max: 3 }, // LIMIT_EXCEEDED, owned 2
  { user: 'cap', seats: [7], max: 3 }, // OK
  { user: 'cap', seats: [8], max: 3 }, // LIMIT_EXCEEDED, owned 3
  { user: 'dan', seats: [9, 9, 10], max: 2 }, // OK with [9, 10]: duplicates collapse
  { user: 'eve', seats: [11, 10], max: null }, // SEAT_UNAVAILABLE [10]
  { user: 'fay', seats: [12, 13], max: 2 }, // OK: seats of an expired hold
  { user: 'gus', seats: [15, 16], max: 2 }, // LIMIT_EXCEEDED, owned 1 (a hold from before the batch)
  { user: 'gus', seats: [15], max: 2 }, // OK
  { user: 'hal', seats: [17, 18], max: null }, // SEAT_UNAVAILABLE [17, 18]: sold out of order below
];

/** A result with ticket ids as seat indexes and without ids or instants, to compare two events. */
function normalised(result: TakeHoldResult, ids: readonly string[]): unknown {
  const index = (id: string) => (ids.includes(id) ? ids.indexOf(id) : id.startsWith('tkt_') && !ids.includes(id) ? 'missing' : id);
  if (!result.ok) {
    switch (result.reason) {
      case 'SEAT_UNAVAILABLE':
        return { reason: result.reason, seats: result.unavailable.map(index) };
      case 'NOT_FOUND':
        return { reason: result.reason, seats: result.missing.map(index) };
      case 'LIMIT_EXCEEDED':
        return { reason: result.reason, owned: result.owned };
    }
  }
  const h = result.hold;
  return { ok: true, user: h.userId, seats: h.ticketIds.map(index), total: h.total, ttl: Date.parse(h.expiresAt) - Date.parse(h.createdAt) };
}

/** Tickets as stored, with the holder the per-user cap counts (not part of the Ticket record). */
async function holders(store: PostgresStore, eventId: string) {
  const { rows } = await sql<{ ordinal: number; status: string; holder_id: string | null }>`
    SELECT ordinal, status, holder_id FROM tickets WHERE event_id = ${eventId} ORDER BY ordinal`.execute(store.db);
  return rows;
}

eachBackend('postgres store: batched holds', (backend) => {
  let opened: OpenedStore;
  let batched: OpenedStore;
  beforeAll(async () => {
    [opened, batched] = await Promise.all([backend.open({ batchHolds: false, maxConnections: 20 }), backend.open({ batchHolds: true, maxConnections: 20 })]);
  });
  afterAll(async () => {
    await Promise.all([opened?.cleanup(), batched?.cleanup()]);
  });

  const requestsOf = (eventId: string, t: readonly string[]): TakeHoldRequest[] =>
    SCRIPT.map((s) => ({
      holdId: uid('hld'),
      eventId,
      userId: s.user,
      ticketIds: s.seats.map((k) => (k === 'missing' ? 'tkt_missing' : t[k]!)),
      ttlSeconds: 120,
      maxTicketsPerUser: s.max,
    }));

  /** Seats 12-13 held by an hold about to expire, seat 14 by gus, seats 17-18 held by zoe. */
  async function prepare(store: PostgresStore, eventId: string, t: readonly string[]): Promise<void> {
    const take = (user: string, seats: number[], ttlSeconds: number) =>
      store.takeHold({ holdId: uid('hld'), eventId, userId: user, ticketIds: seats.map((k) => t[k]!), ttlSeconds, maxTicketsPerUser: null });
    expect((await take('old', [12, 13], 10)).ok).toBe(true);
    expect((await take('gus', [14], 600)).ok).toBe(true);
    expect((await take('zoe', [18, 17], 600)).ok).toBe(true);
  }

  it('answers a mixed batch exactly as the same requests one by one, each all-or-nothing', async () => {
    const { store } = opened;
    const shape = { sections: 1, rows: 2, seatsPerRow: 10 };
    const one = await seedEvent(store, shape);
    const many = await seedEvent(store, shape);
    await prepare(store, one.event.id, one.ticketIds);
    await prepare(store, many.event.id, many.ticketIds);
    await store.advanceClock(11_000);

    const sequential: TakeHoldResult[] = [];
    for (const req of requestsOf(one.event.id, one.ticketIds)) sequential.push(await store.takeHold(req));
    const requests = requestsOf(many.event.id, many.ticketIds);
    const batch = await takeHolds(store.db, requests);

    expect(batch.map((r) => normalised(r, many.ticketIds))).toEqual(sequential.map((r) => normalised(r, one.ticketIds)));
    expect(batch.map((r) => (r.ok ? 'OK' : r.reason))).toEqual([
      'OK', 'SEAT_UNAVAILABLE', 'NOT_FOUND', 'OK', 'OK', 'LIMIT_EXCEEDED', 'OK', 'LIMIT_EXCEEDED', 'OK',
      'SEAT_UNAVAILABLE', 'OK', 'LIMIT_EXCEEDED', 'OK', 'SEAT_UNAVAILABLE',
    ]);
    expect(batch[1]).toEqual({ ok: false, reason: 'SEAT_UNAVAILABLE', unavailable: [many.ticketIds[1]] });
    expect(batch[5]).toEqual({ ok: false, reason: 'LIMIT_EXCEEDED', owned: 2 });
    expect(batch[8]).toMatchObject({ ok: true, hold: { ticketIds: [many.ticketIds[9], many.ticketIds[10]] } });

    // The stored state agrees too: same seats, same holders, and every hold readable as returned.
    const state = async (eventId: string) => (await holders(store, eventId)).map((x) => [x.ordinal, x.status, x.holder_id]);
    expect(await state(many.event.id)).toEqual(await state(one.event.id));
    for (const [i, r] of batch.entries()) {
      if (r.ok) expect(await store.getHold(r.hold.id)).toEqual(r.hold);
      else expect(await store.getHold(requests[i]!.holdId)).toBeNull();
    }
    expect((await store.audit(many.event.id)).ok).toBe(true);
  });

  it('enforces the per-user cap inside one batch, counting earlier holds and earlier requests', async () => {
    const { store } = opened;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 2, seatsPerRow: 20 });
    const requests: TakeHoldRequest[] = Array.from({ length: 16 }, (_, i) => ({
      holdId: uid('hld'),
      eventId: event.id,
      userId: i % 4 === 3 ? `other${i}` : 'greedy',
      ticketIds: i % 2 === 0 ? [t[2 * i]!] : [t[2 * i]!, t[2 * i + 1]!],
      ttlSeconds: 60,
      maxTicketsPerUser: 5,
    }));
    const results = await takeHolds(store.db, requests);
    // greedy asks for 1, 2, 1, _, 1, 2, 1, _, ...: owned 0 → 1 → 3 → 4 → 5, then refused.
    const greedy = results.filter((_, i) => requests[i]!.userId === 'greedy');
    expect(greedy.map((r) => (r.ok ? r.hold.ticketIds.length : r.reason === 'LIMIT_EXCEEDED' ? `max:${r.owned}` : r.reason))).toEqual([
      1, 2, 1, 1, 'max:5', 'max:5', 'max:5', 'max:5', 'max:5', 'max:5', 'max:5', 'max:5',
    ]);
    expect(results.filter((_, i) => requests[i]!.userId !== 'greedy').every((r) => r.ok)).toBe(true);
    expect((await holders(store, event.id)).filter((x) => x.holder_id === 'greedy')).toHaveLength(5);

    // And across batches: nothing more for greedy, whatever the batch.
    const again = await takeHolds(store.db, [
      { holdId: uid('hld'), eventId: event.id, userId: 'greedy', ticketIds: [t[39]!], ttlSeconds: 60, maxTicketsPerUser: 5 },
      { holdId: uid('hld'), eventId: event.id, userId: 'greedy', ticketIds: [t[38]!], ttlSeconds: 60, maxTicketsPerUser: 6 },
    ]);
    expect(again[0]).toEqual({ ok: false, reason: 'LIMIT_EXCEEDED', owned: 5 });
    expect(again[1]?.ok).toBe(true);
  });

  it('groups concurrent takeHold calls of a store and keeps each one all-or-nothing', async () => {
    const { store } = batched;
    expect(store.batchesHolds).toBe(true);
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 30 }, { maxTicketsPerUser: 4 });
    const before = store.holdBatchStats!;
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const k = (i * 7) % 28;
        const ids = i % 2 === 0 ? [t[k]!, t[k + 1]!, t[k + 2]!] : [t[k + 2]!, t[k + 1]!];
        return store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `u${i % 12}`, ticketIds: ids, ttlSeconds: 60, maxTicketsPerUser: 4 });
      }),
    );
    const after = store.holdBatchStats!;
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.batchedRequests + after.singles - before.batchedRequests - before.singles).toBe(90);
    const wins = results.flatMap((r) => (r.ok ? [r.hold] : []));
    const taken = wins.flatMap((h) => h.ticketIds);
    expect(new Set(taken).size).toBe(taken.length);
    const reserved = (await store.getTickets(event.id)).filter((x) => x.status === 'RESERVED');
    expect(reserved.map((x) => x.id).sort()).toEqual([...taken].sort());
    for (const h of wins) for (const id of h.ticketIds) expect(reserved.find((x) => x.id === id)?.holdId).toBe(h.id);
    const perUser = new Map<string, number>();
    for (const x of await holders(store, event.id)) if (x.holder_id) perUser.set(x.holder_id, (perUser.get(x.holder_id) ?? 0) + 1);
    expect(Math.max(...perUser.values())).toBeLessThanOrEqual(4);
    for (const r of results) if (!r.ok) expect(['SEAT_UNAVAILABLE', 'LIMIT_EXCEEDED']).toContain(r.reason);
  });

  it('writes nothing when a batch fails as a whole, and the store then answers each request alone', async () => {
    const { store } = batched;
    const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 20 });
    const dup = uid('hld');
    const direct: TakeHoldRequest[] = [
      { holdId: uid('hld'), eventId: event.id, userId: 'a', ticketIds: [t[0]!], ttlSeconds: 60, maxTicketsPerUser: null },
      { holdId: dup, eventId: event.id, userId: 'b', ticketIds: [t[1]!], ttlSeconds: 60, maxTicketsPerUser: null },
      { holdId: dup, eventId: event.id, userId: 'c', ticketIds: [t[2]!], ttlSeconds: 60, maxTicketsPerUser: null },
    ];
    await expect(takeHolds(store.db, direct)).rejects.toMatchObject({ code: '23505' });
    expect((await store.getTickets(event.id)).every((x) => x.status === 'AVAILABLE')).toBe(true);

    // Through the store: the first call goes out alone, the next five wait and go as one batch,
    // which fails on the duplicate hold id; each is then retried alone.
    const before = store.holdBatchStats!;
    const other = uid('hld');
    const ids = [uid('hld'), uid('hld'), other, uid('hld'), other, uid('hld')];
    const settled = await Promise.allSettled(
      ids.map((holdId, i) => store.takeHold({ holdId, eventId: event.id, userId: `s${i}`, ticketIds: [t[10 + i]!], ttlSeconds: 60, maxTicketsPerUser: 3 })),
    );
    expect(store.holdBatchStats!.fallbacks).toBe(before.fallbacks + 1);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.ok : (s.reason as { code?: string }).code))).toEqual([
      true, true, true, true, 'CONFLICT', true,
    ]);
    const reserved = (await store.getTickets(event.id)).filter((x) => x.status === 'RESERVED').map((x) => x.id);
    expect(reserved.sort()).toEqual([10, 11, 12, 13, 15].map((k) => t[k]!).sort());
    // Bad input fails alone, before any batch.
    await expect(store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'z', ticketIds: [], ttlSeconds: 60, maxTicketsPerUser: null })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('coalesces concurrent event reads, each answered by a query sent after it was made', async () => {
    const { store } = batched;
    const shape = { sections: 1, rows: 1, seatsPerRow: 2 };
    const events = [(await seedEvent(store, shape)).event, (await seedEvent(store, shape)).event];
    const ids = Array.from({ length: 40 }, (_, i) => (i % 5 === 4 ? 'evt_missing' : events[i % 2]!.id));
    const read = await Promise.all(ids.map((id) => store.getEvent(id)));
    read.forEach((e, i) => expect(e).toEqual(ids[i] === 'evt_missing' ? null : events[i % 2]));
    expect(read[0]).not.toBe(read[2]); // each caller gets its own object
    // A read made after a write committed sees it, even while other reads are in flight.
    const inFlight = Promise.all(ids.map((id) => store.getEvent(id)));
    await store.updateEvent({ ...events[0]!, title: 'Renamed', status: 'CANCELLED' });
    expect(await store.getEvent(events[0]!.id)).toMatchObject({ title: 'Renamed', status: 'CANCELLED' });
    await inFlight;
  });

  it('falls back to one call per hold on a schema without bo_take_holds', async () => {
    const own = await backend.open({ batchHolds: true });
    try {
      const { store } = own;
      await sql`DROP FUNCTION bo_take_holds(jsonb)`.execute(store.db);
      const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 20 });
      const take = (i: number) =>
        store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `f${i}`, ticketIds: [t[i]!], ttlSeconds: 60, maxTicketsPerUser: 2 });
      expect((await Promise.all([0, 1, 2, 3].map(take))).every((r) => r.ok)).toBe(true);
      expect((await Promise.all([4, 5, 6, 7].map(take))).every((r) => r.ok)).toBe(true);
      expect(store.holdBatchStats).toMatchObject({ batches: 0, fallbacks: 1, singles: 8 });
    } finally {
      await own.cleanup();
    }
  });
});
