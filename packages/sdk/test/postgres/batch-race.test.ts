import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, takeHolds, type PostgresStore } from '../../src/adapters/postgres/index.js';
import type { TakeHoldRequest, TakeHoldResult } from '../../src/ports/store.js';
import { seedEvent } from './fixtures.js';
import { PG_URL, pgReachable, uid } from './harness.js';

/**
 * Batches racing on real PostgreSQL: several stores (each its own pool, as separate processes
 * would have) send batches with overlapping seats, scrambled orders and shared capped users,
 * beside stores that take holds one call at a time. No seat may be reserved twice, no user
 * may pass the cap, nothing may deadlock, and every refusal must have a reason.
 */
const SEATS = 40;
const CAP = 4;

describe.skipIf(!pgReachable)('postgres store: batches racing from several pools', () => {
  const schema = `bo_test_${randomBytes(6).toString('hex')}`;
  let batched: PostgresStore[] = [];
  let singles: PostgresStore[] = [];
  beforeAll(async () => {
    const open = (batchHolds: boolean) => openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 6, batchHolds });
    const first = await open(true);
    batched = [first, ...(await Promise.all([open(true), open(true)]))];
    singles = await Promise.all([open(false), open(false)]);
  });
  afterAll(async () => {
    await Promise.all([...batched, ...singles].map((s) => s.close()));
    await dropSchema({ connectionString: PG_URL, schema });
  });

  /** A request for 2-3 adjacent seats in a scrambled order; one user in three is a capped shared one. */
  function request(eventId: string, t: readonly string[], n: number): TakeHoldRequest {
    const k = (n * 13) % (SEATS - 2);
    const window = n % 3 === 0 ? [t[k + 2]!, t[k]!, t[k + 1]!] : n % 3 === 1 ? [t[k]!, t[k + 1]!] : [t[k + 1]!, t[k]!, t[k + 2]!];
    const capped = n % 3 === 0;
    return {
      holdId: uid('hld'),
      eventId,
      userId: capped ? `shared${n % 5}` : `solo${n}`,
      ticketIds: window,
      ttlSeconds: 60,
      maxTicketsPerUser: capped ? CAP : null,
    };
  }

  async function check(store: PostgresStore, eventId: string, requests: readonly TakeHoldRequest[], results: readonly TakeHoldResult[]) {
    const wins = results.flatMap((r) => (r.ok ? [r.hold] : []));
    const taken = wins.flatMap((h) => h.ticketIds);
    expect(new Set(taken).size).toBe(taken.length);
    const { rows } = await sql<{ id: string; hold_id: string | null; holder_id: string | null; status: string }>`
      SELECT id, hold_id, holder_id, status FROM tickets WHERE event_id = ${eventId}`.execute(store.db);
    const reserved = rows.filter((r) => r.status === 'RESERVED');
    expect(reserved.map((r) => r.id).sort()).toEqual([...taken].sort());
    const holdOf = new Map(wins.flatMap((h) => h.ticketIds.map((id) => [id, h] as const)));
    for (const r of reserved) {
      expect(r.hold_id).toBe(holdOf.get(r.id)?.id);
      expect(r.holder_id).toBe(holdOf.get(r.id)?.userId);
    }
    const perUser = new Map<string, number>();
    for (const r of reserved) perUser.set(r.holder_id!, (perUser.get(r.holder_id!) ?? 0) + 1);
    for (const [user, n] of perUser) if (user.startsWith('shared')) expect(n).toBeLessThanOrEqual(CAP);
    const takenSet = new Set(taken);
    results.forEach((r, i) => {
      if (r.ok) return;
      if (r.reason === 'LIMIT_EXCEEDED') {
        expect(requests[i]!.maxTicketsPerUser).toBe(CAP);
        return;
      }
      expect(r.reason).toBe('SEAT_UNAVAILABLE');
      if (r.reason === 'SEAT_UNAVAILABLE') for (const id of r.unavailable) expect(takenSet.has(id)).toBe(true);
    });
    const { rows: holdRows } = await sql<{ n: number }>`
      SELECT count(*)::int4 AS n FROM holds WHERE event_id = ${eventId}`.execute(store.db);
    expect(holdRows[0]?.n).toBe(wins.length);
    expect((await store.audit(eventId)).ok).toBe(true);
    return wins.length;
  }

  it('never reserves a seat twice nor passes a cap when big batches of several pools overlap', async () => {
    const store = batched[0]!;
    for (let round = 0; round < 4; round++) {
      const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: SEATS });
      // Six direct batches of 25 requests from three pools plus one-by-one calls, all at once.
      const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 25 }, (_, i) => request(event.id, t, b * 25 + (b % 2 === 0 ? i : 24 - i) + round)));
      const lone = Array.from({ length: 30 }, (_, i) => request(event.id, t, 1000 + i * 7 + round));
      const [batchResults, loneResults] = await Promise.all([
        Promise.all(batches.map((reqs, b) => takeHolds(batched[b % batched.length]!.db, reqs))),
        Promise.all(lone.map((req, i) => singles[i % singles.length]!.takeHold(req))),
      ]);
      const wins = await check(store, event.id, [...batches.flat(), ...lone], [...batchResults.flat(), ...loneResults]);
      expect(wins).toBeGreaterThan(5);
    }
  });

  it('keeps the books straight when batching stores and one-by-one stores race through takeHold', async () => {
    const store = batched[0]!;
    for (let round = 0; round < 3; round++) {
      const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: SEATS });
      const before = batched.map((s) => s.holdBatchStats!.batches);
      const stores = [...batched, ...singles];
      const requests = Array.from({ length: 200 }, (_, i) => request(event.id, t, i * 3 + round));
      const results = await Promise.all(requests.map((req, i) => stores[i % stores.length]!.takeHold(req)));
      await check(store, event.id, requests, results);
      expect(batched.some((s, i) => s.holdBatchStats!.batches > before[i]!)).toBe(true);
    }
  });
});
