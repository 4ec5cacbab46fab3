import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dropSchema, openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/index.js';
import type { TakeHoldRequest } from '../../src/ports/store.js';
import { seedEvent } from './fixtures.js';
import { PG_URL, pgReachable, uid } from './harness.js';

/**
 * A row locked by another session (an operator's transaction, a stuck job) must stall only the
 * calls that need that row: with batched holds, holds on other events go on while a hold on
 * the locked seat waits, and that hold fails as UNAVAILABLE after the store's lock timeout
 * instead of waiting for as long as the lock is held.
 */
const request = (eventId: string, ticketId: string): TakeHoldRequest => ({
  holdId: uid('hld'),
  eventId,
  userId: uid('usr'),
  ticketIds: [ticketId],
  ttlSeconds: 60,
  maxTicketsPerUser: null,
});

/** Another session holding `FOR UPDATE` on one ticket until `release()`. */
async function lockTicket(schema: string, ticketId: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: PG_URL });
  client.on('error', () => {}); // the test's own session; a lost one fails the test by its queries
  await client.connect();
  await client.query(`SET search_path TO "${schema}"`);
  await client.query('BEGIN');
  await client.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [ticketId]);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe.skipIf(!pgReachable)('a ticket row locked by another session [postgres]', () => {
  const schemas: string[] = [];
  const stores: PostgresStore[] = [];
  const locks: { release(): Promise<void> }[] = [];
  const open = async (lockTimeoutMs: number, statementTimeoutMs?: number) => {
    const schema = `bo_lock_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const store = await openPostgresStore({ connectionString: PG_URL, schema, batchHolds: true, lockTimeoutMs, ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }) });
    stores.push(store);
    return { store, schema };
  };

  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.release();
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const schema of schemas) await dropSchema({ connectionString: PG_URL, schema });
  });

  it("gives the store's sessions lock and statement timeouts, on a borrowed pool too", async () => {
    const show = async (store: PostgresStore) => {
      const { rows } = await sql<{ lock: string; statement: string }>`SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement`.execute(store.db);
      return rows[0];
    };
    const { store } = await open(1500);
    expect(await show(store)).toEqual({ lock: '1500ms', statement: '10s' });
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    pool.on('error', () => {});
    const schema = `bo_lock_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const borrowing = await openPostgresStore({ pool, schema });
    try {
      expect(await show(borrowing)).toEqual({ lock: '2s', statement: '10s' });
    } finally {
      await borrowing.close();
      await pool.end();
    }
  });

  it('fails the hold on the locked seat alone, as UNAVAILABLE, after the lock timeout', async () => {
    const { store, schema } = await open(1000);
    const a = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 10 });
    locks.push(await lockTicket(schema, a.ticketIds[0]!));
    const started = performance.now();
    // Sent together so the batcher groups them: the batch fails on the lock, then each is retried alone.
    const [locked, free] = await Promise.allSettled([
      store.takeHold(request(a.event.id, a.ticketIds[0]!)),
      store.takeHold(request(a.event.id, a.ticketIds[1]!)),
    ]);
    expect(performance.now() - started).toBeLessThan(15_000); // the lock is held until afterEach
    expect(locked).toMatchObject({ status: 'rejected', reason: { code: 'UNAVAILABLE' } });
    expect(free).toMatchObject({ status: 'fulfilled', value: { ok: true } });
  });

  it("does not hold another event's holds behind a hold waiting for a lock", async () => {
    // No timeouts: the hold on the locked seat waits as long as the lock is held.
    const { store, schema } = await open(0, 0);
    const a = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 10 });
    const b = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 10 });
    const lock = await lockTicket(schema, a.ticketIds[0]!);
    locks.push(lock);
    const waiting = store.takeHold(request(a.event.id, a.ticketIds[0]!));
    await new Promise((r) => setTimeout(r, 300)); // it is in flight, waiting for the lock
    const other = await Promise.race([
      store.takeHold(request(b.event.id, b.ticketIds[0]!)),
      new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 5_000)),
    ]);
    expect(other).toMatchObject({ ok: true });
    expect(store.oldestCallAgeMs()).toBeGreaterThan(250); // readiness sees the waiting call
    await locks.pop()!.release();
    expect(await waiting).toMatchObject({ ok: true });
    expect(store.oldestCallAgeMs()).toBe(0);
  });
});
