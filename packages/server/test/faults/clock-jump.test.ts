import { execFileSync } from 'node:child_process';
import { signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../helpers.js';
import { adminOf, createFaultEvents } from './fault-event.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { count, describeTally, request, startLoad, within } from './on-sale-load.js';
import { canRunPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/**
 * The database clock jumps forward (bo_now()'s test offset, `bo_clock.offset_ms`, moved by
 * 60 s with a direct SQL call on the private PostgreSQL) in the middle of an on-sale served by
 * two server processes, on an event whose holds last 30 s. Every hold then alive has expired:
 * its confirm is refused HOLD_EXPIRED (410), the sweeper gives its seats back, no payment of it
 * is left authorized or captured after a reconciler pass, and the on-sale sells on.
 */
const runnable = canRunPrivatePostgres();
const JUMP_MS = 60_000;
const STALLED = 6;

describe.skipIf(!runnable)('a database clock jump mid on-sale', () => {
  let pg: PrivatePostgres;
  const servers: ServerProcess[] = [];
  let admin: RemoteBoxOffice;
  let eventId: string;
  const sql = (text: string) => execFileSync('psql', [pg.url, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8', timeout: 30_000 }).trim();

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    servers.push(...(await Promise.all([spawnServer({ BO_STORE: pg.url, BO_SECRET: SECRET }), spawnServer({ BO_STORE: pg.url, BO_SECRET: SECRET })])));
    admin = adminOf(servers[0]!.url);
    eventId = (await createFaultEvents(admin, { venue: 'Arena', rows: 20, seatsPerRow: 100, titles: ['On-sale'], holdTtlSeconds: 30 }))[0]!;
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all(servers.map((s) => s.stop()));
    pg?.destroy();
  });

  it('expires the holds in flight cleanly, returns their seats, and sells on', async () => {
    const load = startLoad({ urls: servers.map((s) => s.url), eventIds: [eventId], workers: 8 });
    // Holds taken before the jump whose buyers confirm only after it (a slow payment form).
    const stalled: { id: string; token: string; url: string }[] = [];
    let recoveredMs = -1;
    let sweptMs = -1;
    try {
      await within(30_000, async () => count(load.tally, 'confirm 201') >= 10);
      for (let i = 0; i < STALLED; i++) {
        const url = servers[i % 2]!.url;
        const token = signToken(SECRET, { userId: `stalled${i}` });
        const res = await request(`${url}/holds`, { eventId, best: { quantity: 1 } }, token, 30_000);
        expect(res.status, JSON.stringify(res.json)).toBe(201);
        stalled.push({ id: String(res.json.id), token, url });
      }
      const before = Number(sql('SELECT (extract(epoch FROM bo_now()) * 1000)::int8'));
      sql(`UPDATE bo_clock SET offset_ms = offset_ms + ${JUMP_MS}`);
      const jumped = Date.now();
      expect(Number(sql('SELECT (extract(epoch FROM bo_now()) * 1000)::int8')) - before).toBeGreaterThanOrEqual(JUMP_MS);

      // The on-sale goes on: a hold made after the jump succeeds within 5 s.
      recoveredMs = await within(5_000, async () => load.tally.holdOkAt.some((t) => t > jumped));
      // Every stalled confirm is refused HOLD_EXPIRED, on either process.
      for (const [i, s] of stalled.entries()) {
        const res = await request(`${servers[(i + 1) % 2]!.url}/holds/${s.id}/confirm`, { paymentDetails: { token: 'tok_visa' } }, s.token, 30_000);
        expect({ status: res.status, code: res.json.code }, s.id).toEqual({ status: 410, code: 'HOLD_EXPIRED' });
      }
      // The sweeper (every 500 ms in each process) gives their seats back: no ticket is still held by them.
      const ids = stalled.map((s) => `'${s.id}'`).join(',');
      sweptMs = await within(10_000, async () => sql(`SELECT count(*) FROM tickets WHERE hold_id IN (${ids})`) === '0');
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await load.stop();
    }
    const seen = describeTally(load.tally);
    console.info(`clock jump +${JUMP_MS / 1000} s: ${seen}; holds again after ${recoveredMs} ms; stalled holds' seats back after ${sweptMs} ms`);
    for (const server of servers) expect(server.child.exitCode, seen).toBeNull();
    // Every answer is 201, a business 409, or (a confirm caught by the jump) 410 HOLD_EXPIRED: never 500, no hang.
    expect([...load.tally.counts.keys()].filter((k) => !/ (201|409)$/.test(k) && k !== 'confirm 410'), seen).toEqual([]);
    expect(count(load.tally, 'confirm 410'), seen).toBe(load.tally.codes.get('confirm HOLD_EXPIRED') ?? 0);

    // A reconciler pass settles what the jump left; a second one finds nothing.
    const settled = await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 });
    console.info(`reconciled after the jump: ${JSON.stringify(settled)}; payments by status: ${sql("SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) AS n FROM payments GROUP BY status) p")}`);
    expect(await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 })).toMatchObject({ voided: 0, captured: 0, stillUncertain: 0 });
    // No payment of an expired hold is authorized or captured; none is left half-way.
    const ids = stalled.map((s) => `'${s.id}'`).join(',');
    expect(sql(`SELECT count(*) FROM payments WHERE hold_id IN (${ids}) AND status IN ('AUTHORIZING', 'AUTHORIZED', 'UNCERTAIN', 'CAPTURED')`)).toBe('0');
    expect(sql(`SELECT count(*) FROM payments WHERE booking_id IS NULL AND status IN ('AUTHORIZING', 'AUTHORIZED', 'UNCERTAIN', 'CAPTURED')`)).toBe('0');
    expect(await admin.audit(eventId), seen).toMatchObject({ ok: true });
    const sold = (await admin.getTickets(eventId)).filter((t) => t.status === 'SOLD').length;
    expect(sold).toBeGreaterThanOrEqual(load.tally.confirmed.length);
    for (const id of load.tally.confirmed) expect((await admin.getBooking(id)).status, id).toBe('CONFIRMED');

    // Both processes sell after all that.
    for (const [i, server] of servers.entries()) {
      const res = await request(`${server.url}/holds`, { eventId, best: { quantity: 1 } }, signToken(SECRET, { userId: `late${i}` }), 30_000);
      expect(res.status).toBe(201);
    }
  });
});
