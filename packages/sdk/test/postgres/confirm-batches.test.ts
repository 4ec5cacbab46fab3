import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/index.js';
import type { Hold, Payment } from '../../src/domain/types.js';
import type { ConfirmRequest } from '../../src/ports/store.js';
import { seedEvent } from './fixtures.js';
import { PG_URL, pgReachable, uid } from './harness.js';

/**
 * A confirm's writes grouped on real PostgreSQL: concurrent payment records, confirms and
 * payment moves go out as one statement of each kind, and each call gets exactly the answer
 * it would get alone — a refused confirm writes nothing and does not disturb its neighbours.
 */
describe.skipIf(!pgReachable)('postgres store: confirms and payment writes grouped', () => {
  const schema = `bo_test_${randomBytes(6).toString('hex')}`;
  let store: PostgresStore;
  beforeAll(async () => {
    store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4, batchHolds: true });
  });
  afterAll(async () => {
    await store.close();
    await dropSchema({ connectionString: PG_URL, schema });
  });

  const payment = (holdId: string, userId: string, amount: number): Payment => {
    const at = new Date().toISOString();
    return { id: uid('pay'), holdId, userId, bookingId: null, amount, currency: 'EUR', status: 'AUTHORIZING', gatewayReference: null, failureReason: null, createdAt: at, updatedAt: at };
  };

  it('answers each of 24 concurrent confirms as it would alone, in few statements', async () => {
    const { event, ticketIds } = await seedEvent(store, { sections: 1, rows: 4, seatsPerRow: 12 }, { holdTtlSeconds: 60 });
    const holds: Hold[] = [];
    for (let i = 0; i < 24; i++) {
      const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `u${i}`, ticketIds: ticketIds.slice(2 * i, 2 * i + 2), ttlSeconds: 60, maxTicketsPerUser: null });
      if (!r.ok) throw new Error(`setup hold ${i}: ${r.reason}`);
      holds.push(r.hold);
    }
    // Hold 3 has expired (its clock moved back), hold 5 was released, hold 7 is asked for by another user.
    await sql`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ${holds[3]!.id}`.execute(store.db);
    await sql`UPDATE tickets SET reserved_until = now() - interval '1 second' WHERE hold_id = ${holds[3]!.id}`.execute(store.db);
    await store.releaseHold(holds[5]!.id);
    const before = store.writeBatchStats!;
    const payments = await Promise.all(holds.map(async (h) => {
      const p = payment(h.id, h.userId, h.total);
      await store.createPayment(p);
      return p;
    }));
    const requests: ConfirmRequest[] = holds.map((h, i) => {
      const bookingId = uid('bkg');
      return {
        holdId: h.id,
        userId: i === 7 ? 'somebody-else' : h.userId,
        bookingId,
        paymentId: payments[i]!.id,
        gatewayReference: `ref_${i}`,
        outbox: { id: uid('msg'), topic: 'booking.confirmed', payload: { bookingId } },
      };
    });
    const results = await Promise.all(requests.map((r) => store.confirmHold(r)));
    const after = store.writeBatchStats!;

    results.forEach((r, i) => {
      const expected = i === 3 ? 'HOLD_EXPIRED' : i === 5 ? 'HOLD_NOT_ACTIVE' : i === 7 ? 'FORBIDDEN' : 'ok';
      expect([i, r.ok ? 'ok' : r.reason]).toEqual([i, expected]);
      if (r.ok) expect(r.booking).toMatchObject({ holdId: holds[i]!.id, userId: holds[i]!.userId, ticketIds: holds[i]!.ticketIds, status: 'CONFIRMED' });
    });
    // What each wrote: only the accepted confirms sold seats, linked payments and left a message.
    const sold = await sql<{ hold_id: string; n: number }>`SELECT hold_id, count(*)::int AS n FROM tickets WHERE status = 'SOLD' AND event_id = ${event.id} GROUP BY hold_id`.execute(store.db);
    expect(new Set(sold.rows.map((r) => r.hold_id))).toEqual(new Set(holds.filter((_, i) => ![3, 5, 7].includes(i)).map((h) => h.id)));
    const authorized = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payments WHERE status = 'AUTHORIZED' AND booking_id IS NOT NULL`.execute(store.db);
    expect(authorized.rows[0]!.n).toBe(21);
    const messages = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'booking.confirmed'`.execute(store.db);
    expect(messages.rows[0]!.n).toBe(21);
    // Grouped: fewer statements than calls, for both the payment records and the confirms.
    expect(after.payments.batches).toBeGreaterThan(before.payments.batches);
    expect(after.confirms.batches).toBeGreaterThan(before.confirms.batches);
    expect(after.confirms.singles - before.confirms.singles).toBeLessThan(24);
  });

  it('reads the holds of concurrent confirms in one query, each as it would alone and never stale', async () => {
    const { event, ticketIds } = await seedEvent(store, { sections: 1, rows: 2, seatsPerRow: 12 }, { holdTtlSeconds: 60 });
    const holds: Hold[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: `r${i}`, ticketIds: ticketIds.slice(2 * i, 2 * i + 2), ttlSeconds: 60, maxTicketsPerUser: null });
      if (!r.ok) throw new Error(`setup hold ${i}: ${r.reason}`);
      holds.push(r.hold);
    }
    await sql`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = ${holds[2]!.id}`.execute(store.db);
    await store.releaseHold(holds[4]!.id);
    const alone = [];
    for (const h of holds) alone.push(await store.getHold(h.id));
    const before = store.readBatchStats!.holds;
    const ids = [...holds.map((h) => h.id), 'hld_missing', holds[0]!.id];
    const together = await Promise.all(ids.map((id) => store.getHold(id)));
    const after = store.readBatchStats!.holds;
    expect(together).toEqual([...alone, null, alone[0]]);
    expect(together.map((h) => h?.status)).toEqual(['ACTIVE', 'ACTIVE', 'EXPIRED', 'ACTIVE', 'RELEASED', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', undefined, 'ACTIVE']);
    // 12 reads: the first goes out alone, the rest together behind it.
    expect(after.reads - before.reads).toBe(12);
    expect(after.queries - before.queries).toBeLessThanOrEqual(2);
    // Never stale: a read made after a release committed sees it, even with a read in flight.
    const inFlight = store.getHold(holds[1]!.id);
    await store.releaseHold(holds[6]!.id);
    const [first, released] = await Promise.all([inFlight, store.getHold(holds[6]!.id)]);
    expect(first!.status).toBe('ACTIVE');
    expect(released!.status).toBe('RELEASED');
  });

  it('moves each payment by compare-and-set, a payment named twice in one group after its first change', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = payment(uid('hld'), `p${i}`, 1_000);
      await store.createPayment(p);
      ids.push(p.id);
    }
    const moves = await Promise.all([
      store.updatePayment(ids[0]!, { from: ['AUTHORIZING'], status: 'DECLINED', failureReason: 'card_declined' }),
      ...ids.slice(1).map((id) => store.updatePayment(id, { from: ['AUTHORIZING'], status: 'VOIDED' })),
      // The same payment again: it is VOIDED by then, so this compare-and-set must fail...
      store.updatePayment(ids[1]!, { from: ['AUTHORIZING'], status: 'DECLINED' }),
      // ...and this one, from VOIDED, must succeed after it.
      store.updatePayment(ids[2]!, { from: ['VOIDED'], status: 'UNCERTAIN', failureReason: 'second look' }),
      store.updatePayment(ids[3]!, { from: ['CAPTURED'], status: 'REFUNDED' }),
    ]);
    expect(moves).toEqual([true, true, true, true, true, true, false, true, false]);
    const rows = await Promise.all(ids.map((id) => store.getPayment(id)));
    expect(rows.map((p) => p!.status)).toEqual(['DECLINED', 'VOIDED', 'UNCERTAIN', 'VOIDED', 'VOIDED', 'VOIDED']);
    expect(rows[0]!.failureReason).toBe('card_declined');
    expect(rows[2]!.failureReason).toBe('second look');
  });

  it('claims and settles concurrent idempotency keys in grouped statements, a second claim of one key in progress', async () => {
    const lease = (owner: string) => ({ owner, leaseMs: 5_000 });
    const before = store.writeBatchStats!;
    // The first goes alone; the rest queue behind it and go out together.
    const claims = await Promise.all([
      store.claimIdempotencyKey('s', 'warm-up', 'f', lease('o-warm')),
      ...Array.from({ length: 10 }, (_, i) => store.claimIdempotencyKey('s', `k${i}`, 'f', lease(`o${i}`))),
      store.claimIdempotencyKey('s', 'k3', 'f', lease('intruder')),
      store.claimIdempotencyKey('s', 'k4', 'other-fingerprint', lease('intruder')),
    ]);
    expect(claims.map((c) => c.state)).toEqual(['new', ...Array(10).fill('new'), 'in-progress', 'mismatch']);
    const recorded = await Promise.all([
      store.completeIdempotencyKey('s', 'warm-up', 'o-warm', { ok: 0 }),
      ...Array.from({ length: 10 }, (_, i) => store.completeIdempotencyKey('s', `k${i}`, i === 7 ? 'not-the-owner' : `o${i}`, { ok: i })),
    ]);
    expect(recorded).toEqual([true, ...Array.from({ length: 10 }, (_, i) => i !== 7)]);
    const again = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimIdempotencyKey('s', `k${i}`, 'f', lease('retry'))));
    expect(again.map((c) => (c.state === 'done' ? c.response : c.state))).toEqual(Array.from({ length: 10 }, (_, i) => (i === 7 ? 'in-progress' : { ok: i })));
    const after = store.writeBatchStats!;
    expect(after.claims.batches).toBeGreaterThan(before.claims.batches);
    expect(after.outcomes.batches).toBeGreaterThan(before.outcomes.batches);
  });
});
