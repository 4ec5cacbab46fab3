import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/index.js';
import type { BoxOffice } from '../../src/box-office.js';
import { isBoxOfficeError } from '../../src/domain/errors.js';
import { createBoxOffice, createTestGateway, type PaymentGateway } from '../../src/index.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { runWorker } from '../race/spawn-worker.js';

const url = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgAvailable =
  adaptersUnderTest().has('postgres') &&
  (await requireService('PostgreSQL', async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.end();
  }));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fresh schema with one event; `processes` BoxOffices over it, each with its own store (connection pool), as separate processes would have. */
async function deployment(gateway: PaymentGateway, processes: number) {
  const schema = `bo_idem_${randomBytes(5).toString('hex')}`;
  const stores: PostgresStore[] = [];
  const offices: BoxOffice[] = [];
  for (let i = 0; i < processes; i++) {
    const store = await openPostgresStore({ connectionString: url, schema, migrate: i === 0 });
    stores.push(store);
    offices.push(createBoxOffice({ store, payments: gateway, ownsStore: false }));
  }
  const bo = offices[0]!;
  const venue = await bo.createVenue({ name: 'Lease Hall', city: 'Oslo', lat: 59.91, lon: 10.75, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'R1', seatCount: 10 }] }] } });
  const event = await bo.createEvent({ title: 'Lease night', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { t: 1000 }, maxTicketsPerUser: null });
  const hold = await bo.hold({ eventId: event.id, userId: 'ann', best: { quantity: 2 } });
  return {
    schema,
    offices,
    event,
    hold,
    close: async () => {
      for (const o of offices) await o.close();
      for (const s of stores) await s.close();
      await dropSchema({ connectionString: url, schema });
    },
  };
}

describe.skipIf(!pgAvailable)('idempotency leases on PostgreSQL', () => {
  it('a retry takes over the key of a process killed mid-confirm within a lease, and books', { timeout: 120_000 }, async () => {
    const d = await deployment(createTestGateway(), 1);
    try {
      const key = `crash-${randomBytes(4).toString('hex')}`;
      const confirm = { holdId: d.hold.id, userId: 'ann', paymentDetails: { token: 'tok_visa' }, idempotencyKey: key };
      const worker = runWorker('../crash/idempotency-worker.ts', [JSON.stringify({ connectionString: url, schema: d.schema, holdId: d.hold.id, userId: 'ann', key })]);
      worker.onLine((line) => {
        if ((JSON.parse(line) as { authorizing?: boolean }).authorizing) worker.kill('SIGKILL');
      });
      const exit = await worker.done;
      expect(exit.signal, exit.stderr).toBe('SIGKILL');
      const killedAt = performance.now();

      // The dead process's claim still runs its lease: a retry right away is told to wait.
      const [first] = await Promise.allSettled([d.offices[0]!.confirm(confirm)]);
      expect(first.status === 'rejected' && isBoxOfficeError(first.reason, 'IDEMPOTENCY_IN_PROGRESS')).toBe(true);
      // Then a retry a second takes the key over as soon as the lease lapses (was: 60 s).
      let booking = null;
      while (booking === null && performance.now() - killedAt < 60_000) {
        await sleep(250);
        booking = await d.offices[0]!.confirm(confirm).catch((error: unknown) => {
          if (isBoxOfficeError(error, 'IDEMPOTENCY_IN_PROGRESS')) return null;
          throw error;
        });
      }
      const waitedMs = performance.now() - killedAt;
      console.log(`[idempotency crash] the retry booked ${(waitedMs / 1000).toFixed(2)} s after the kill`);
      expect(booking).toMatchObject({ status: 'CONFIRMED', holdId: d.hold.id, userId: 'ann' });
      // A lease is 4 s; the bound leaves room for a loaded machine, far under the old 60 s.
      expect(waitedMs).toBeLessThan(15_000);
      // The key now answers with that booking.
      expect((await d.offices[0]!.confirm(confirm)).id).toBe(booking!.id);
      expect((await d.offices[0]!.audit(d.event.id)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it("a live owner's renewals keep a 12 s confirm's key from being taken over by another process", { timeout: 120_000 }, async () => {
    const inner = createTestGateway();
    let authorizations = 0;
    const slowGateway: PaymentGateway = {
      name: 'slow-test',
      authorize: async (req) => {
        authorizations++;
        await sleep(12_000);
        return inner.authorize(req);
      },
      capture: (req) => inner.capture(req),
      void: (req) => inner.void(req),
      refund: (req) => inner.refund(req),
    };
    const d = await deployment(slowGateway, 2);
    try {
      const [owner, other] = d.offices as [BoxOffice, BoxOffice];
      const confirm = { holdId: d.hold.id, userId: 'ann', paymentDetails: { token: 'tok_visa' }, idempotencyKey: 'slow-1' };
      const slow = owner.confirm(confirm);
      let settled = false;
      void slow.finally(() => (settled = true)).catch(() => undefined);
      // Another process retries every second while the first one works: always told to wait.
      let retries = 0;
      await sleep(500);
      while (!settled) {
        const outcome = await other.confirm(confirm).then(
          () => 'ran',
          (error: unknown) => (isBoxOfficeError(error, 'IDEMPOTENCY_IN_PROGRESS') ? 'in-progress' : String(error)),
        );
        if (settled) break;
        expect(outcome).toBe('in-progress');
        retries++;
        await sleep(1_000);
      }
      const booking = await slow;
      expect(retries).toBeGreaterThanOrEqual(8);
      expect(authorizations).toBe(1);
      // Once it is done, the other process's retry gets the same booking back.
      expect((await other.confirm(confirm)).id).toBe(booking.id);
    } finally {
      await d.close();
    }
  });
});
