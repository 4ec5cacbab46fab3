import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createBoxOffice, createTestGateway } from '../../src/index.js';
import { dropSchema, openPostgresStore } from '../../src/adapters/postgres/index.js';
import { openPgliteStore } from '../../src/adapters/postgres/pglite.js';
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

/** Starts the worker, waits for `lines` booking lines, then kills it with SIGKILL. */
async function killAfter(args: object, lines: number): Promise<{ seen: string[]; signal: string | null }> {
  const worker = runWorker('../crash/crash-worker.ts', [JSON.stringify(args)]);
  const seen: string[] = [];
  worker.onLine((line) => {
    const msg = JSON.parse(line) as { bookingId?: string; eventId?: string };
    if (msg.bookingId) seen.push(msg.bookingId);
    if (msg.eventId) seen.unshift(`event:${msg.eventId}`);
    if (seen.filter((s) => !s.startsWith('event:')).length === lines) worker.kill('SIGKILL');
  });
  const result = await worker.done;
  if (result.signal !== 'SIGKILL') throw new Error(`worker was not killed (exit ${result.code}): ${result.stderr}`);
  return { seen, signal: result.signal };
}

describe.skipIf(!pgAvailable)('crash: SIGKILL mid-confirm on PostgreSQL', () => {
  it('leaves no seat sold without a booking, no booking without its seats, and no payment unsettled', { timeout: 120_000 }, async () => {
    const schema = `bo_crash_${randomBytes(5).toString('hex')}`;
    const store = await openPostgresStore({ connectionString: url, schema });
    const bo = createBoxOffice({ store, payments: createTestGateway(), ownsStore: false });
    try {
      const venue = await bo.createVenue({
        name: 'Crash Hall', city: 'Oslo', lat: 59.91, lon: 10.75,
        seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: Array.from({ length: 20 }, (_, i) => ({ label: `R${i}`, seatCount: 20 })) }] },
      });
      // Grouped confirm writes leave short windows: a kill may land between confirms. Kill again
      // (on a fresh event) until one lands mid-confirm, at most 3 times; each kill is audited.
      let event = await bo.createEvent({ title: 'Crash night', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { t: 1000 }, maxTicketsPerUser: null });
      let inFlight: Awaited<ReturnType<typeof store.listPaymentsToReconcile>> = [];
      for (let attempt = 1; attempt <= 3 && inFlight.length === 0; attempt++) {
        if (attempt > 1) event = await bo.createEvent({ title: `Crash night ${attempt}`, startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { t: 1000 }, maxTicketsPerUser: null });
        const { seen } = await killAfter({ mode: 'pg', connectionString: url, schema, eventId: event.id }, 20);

        // Every booking the buyers were told about survived the kill.
        for (const id of seen) expect((await bo.getBooking(id)).status).toBe('CONFIRMED');
        const audit = await bo.audit(event.id);
        expect(audit.ok, JSON.stringify(audit)).toBe(true);
        inFlight = await store.listPaymentsToReconcile(['AUTHORIZING', 'AUTHORIZED'], Date.now() + 86_400_000, 1000);
      }

      // The kill landed mid-confirm: payment attempts were in flight.
      expect(inFlight.length).toBeGreaterThan(0);

      // After the reconciler's grace period, no attempt is left in limbo.
      await store.advanceClock(61_000);
      await bo.reconcilePayments({ settleAfterMs: 0 });
      const limbo = await store.listPaymentsToReconcile(['AUTHORIZING'], Date.now() + 86_400_000, 1000);
      expect(limbo).toEqual([]);
      expect((await bo.audit(event.id)).ok).toBe(true);
    } finally {
      await bo.close();
      await store.close();
      await dropSchema({ connectionString: url, schema });
    }
  });
});

describe.skipIf(!adaptersUnderTest().has('pglite'))('crash: SIGKILL of a process using the embedded store (PGlite)', () => {
  it('keeps every committed booking through a kill and a reopen', { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bo-crash-'));
    try {
      const { seen } = await killAfter({ mode: 'pglite', dataDir }, 5);
      const bookings = seen.filter((s) => !s.startsWith('event:'));
      const eventId = seen.find((s) => s.startsWith('event:'))!.slice('event:'.length);
      // The dead process's lock file is stale: reopening takes it over.
      const store = await openPgliteStore({ dataDir });
      const bo = createBoxOffice({ store, payments: createTestGateway() });
      try {
        for (const id of bookings) expect((await bo.getBooking(id)).status).toBe('CONFIRMED');
        const audit = await bo.audit(eventId);
        expect(audit.ok, JSON.stringify(audit)).toBe(true);
        expect(audit.bookingsChecked).toBeGreaterThanOrEqual(bookings.length);
      } finally {
        await bo.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
