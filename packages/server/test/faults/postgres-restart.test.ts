import { signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../helpers.js';
import { adminOf, createFaultEvents } from './fault-event.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { count, describeTally, request, startLoad, unexpected, within } from './on-sale-load.js';
import { canRunPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/**
 * PostgreSQL restarts (fast: sessions told 57P01; immediate: sockets reset, crash recovery;
 * a 10 s stop) under an on-sale served by two real server processes. Each must live through it, answer
 * the requests the restart touched with 503 (never 500, never a hang), sell again by itself
 * within 5 s of the database being back, and lose no confirmed booking.
 */
const runnable = canRunPrivatePostgres();

describe.skipIf(!runnable)('a PostgreSQL restart mid on-sale', () => {
  let pg: PrivatePostgres;
  const servers: ServerProcess[] = [];
  let admin: RemoteBoxOffice;
  let eventId: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    servers.push(...(await Promise.all([spawnServer({ BO_STORE: pg.url, BO_SECRET: SECRET }), spawnServer({ BO_STORE: pg.url, BO_SECRET: SECRET })])));
    admin = adminOf(servers[0]!.url);
    eventId = (await createFaultEvents(admin, { venue: 'Arena', rows: 20, seatsPerRow: 100, titles: ['On-sale'] }))[0]!;
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all(servers.map((s) => s.stop()));
    pg?.destroy();
  });

  const faults = {
    'pg_ctl restart -m fast': () => pg.restart('fast'),
    'pg_ctl restart -m immediate': () => pg.restart('immediate'),
    'a 10 s stop (pg_ctl stop -m fast, then start)': async () => {
      await pg.stop('fast');
      await new Promise((r) => setTimeout(r, 10_000));
      await pg.start();
    },
  };
  for (const [name, fault] of Object.entries(faults)) {
    it(`keeps serving through ${name}`, async () => {
      const load = startLoad({ urls: servers.map((s) => s.url), eventIds: [eventId], workers: 8 });
      try {
        await within(30_000, async () => count(load.tally, 'confirm 201') >= 10);
        await fault();
        // Back within 5 s of PostgreSQL answering again: a hold made now succeeds.
        const back = Date.now();
        // (`within` measures from here: pg_ctl returned once PostgreSQL accepted connections.)
        await within(5_000, async () => load.tally.holdOkAt.some((t) => t > back));
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        await load.stop();
      }
      const seen = describeTally(load.tally);
      console.info(`${name}: ${seen}`); // what docs/reliability.md's results table reports
      for (const server of servers) expect(server.child.exitCode, seen).toBeNull();
      expect(unexpected(load.tally), seen).toEqual([]);
      // The restart was felt (requests refused while it ran), and felt as 503, not as a refusal.
      expect(count(load.tally, 'hold 503') + count(load.tally, 'confirm 503'), seen).toBeGreaterThan(0);
      expect(load.tally.codes.get('hold SEAT_UNAVAILABLE') ?? 0, seen).toBe(0);

      // Settle what the fault left half-way (attempts whose confirm got 503), then audit:
      // nothing confirmed was lost, nothing sold twice, no booking on a voided payment.
      await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 });
      const audit = await admin.audit(eventId);
      expect(audit, seen).toMatchObject({ ok: true });
      const sold = (await admin.getTickets(eventId)).filter((t) => t.status === 'SOLD').length;
      expect(sold).toBeGreaterThanOrEqual(load.tally.confirmed.length);
      for (const id of load.tally.confirmed.slice(-20)) expect((await admin.getBooking(id)).status).toBe('CONFIRMED');
    });
  }

  it('answers holds on both processes after all that (neither needed a restart)', async () => {
    for (const [i, server] of servers.entries()) {
      const res = await request(`${server.url}/holds`, { eventId, best: { quantity: 1 } }, signToken(SECRET, { userId: `late${i}` }), 30_000);
      expect(res.status).toBe(201);
      expect(server.child.exitCode).toBeNull();
    }
  });
});
