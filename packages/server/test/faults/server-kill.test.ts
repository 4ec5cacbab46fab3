import { randomBytes } from 'node:crypto';
import { signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { dropSchema, openPostgresStore } from '@boxoffice/sdk/postgres';
import { requireService } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../helpers.js';
import { adminOf, createFaultEvents } from './fault-event.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { count, describeTally, request, startLoad, unexpected, within } from './on-sale-load.js';

/**
 * kill -9 of one of two server processes in the middle of an on-sale (confirms in flight:
 * payments authorized, store steps half-way). The other process sells on untouched; once the
 * reconciler has settled what the dead one left, the audit is clean, every booking a buyer was
 * told of is CONFIRMED, and a new process on the same store serves at once. The database is
 * not touched: a fresh schema on the shared PostgreSQL.
 */
const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bo_kill_${randomBytes(5).toString('hex')}`;
const ready = await requireService('PostgreSQL', async () => (await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 1 })).close());

describe.skipIf(!ready)('kill -9 of a server process mid-confirm', () => {
  const env = { BO_STORE: `${PG_URL}?schema=${schema}`, BO_SECRET: SECRET };
  const servers: ServerProcess[] = [];
  let admin: RemoteBoxOffice;
  let eventId: string;

  beforeAll(async () => {
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
    admin = adminOf(servers[1]!.url);
    eventId = (await createFaultEvents(admin, { venue: 'Arena', rows: 20, seatsPerRow: 100, titles: ['On-sale'] }))[0]!;
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (ready) await dropSchema({ connectionString: PG_URL, schema });
  });

  it('loses no confirmed booking, and the survivor sells on', async () => {
    const [victim, survivor] = servers as [ServerProcess, ServerProcess];
    const doomed = startLoad({ urls: [victim.url], eventIds: [eventId], workers: 6 });
    const steady = startLoad({ urls: [survivor.url], eventIds: [eventId], workers: 6 });
    try {
      await within(30_000, async () => count(doomed.tally, 'confirm 201') >= 20 && count(steady.tally, 'confirm 201') >= 5);
      victim.child.kill('SIGKILL');
      await victim.stop(); // resolves once it is gone
      const dead = Date.now();
      await within(10_000, async () => steady.tally.holdOkAt.some((t) => t > dead + 1000));
    } finally {
      await doomed.stop();
      await steady.stop();
    }
    const seen = `victim ${describeTally(doomed.tally)} survivor ${describeTally(steady.tally)}`;
    console.info(`kill -9 mid-confirm: ${seen}`);
    expect(unexpected(steady.tally), seen).toEqual([]);
    expect(count(steady.tally, 'hold 503') + count(steady.tally, 'confirm 503'), seen).toBe(0);

    // The dead process's half-way confirms: payments AUTHORIZING with nobody to finish them.
    const settled = await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 });
    console.info(`reconciled after the kill: ${JSON.stringify(settled)}`);
    expect(await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 })).toMatchObject({ voided: 0, captured: 0, stillUncertain: 0 });
    expect(await admin.audit(eventId), seen).toMatchObject({ ok: true });
    for (const id of [...doomed.tally.confirmed, ...steady.tally.confirmed]) {
      expect((await admin.getBooking(id)).status, id).toBe('CONFIRMED');
    }

    // A new process on the same store serves at once.
    const again = await spawnServer(env);
    servers.push(again);
    const res = await request(`${again.url}/holds`, { eventId, best: { quantity: 1 } }, signToken(SECRET, { userId: 'after-kill' }), 30_000);
    expect(res.status).toBe(201);
  });
});
