import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createBoxOffice, createTestGateway, type AuditReport } from '../../src/index.js';
import { openPostgresStore } from '../../src/adapters/postgres/index.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { runWorker } from './spawn-worker.js';

const url = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const wanted = adaptersUnderTest().has('postgres');
const available = wanted && (await requireService('PostgreSQL', async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  await c.end();
}));

interface WorkerReport {
  worker: number;
  confirmed: string[];
  errors: Record<string, number>;
  abandoned: number;
}

/** Two OS processes × 32 buyers race for one event's seats; then the audit reads the final state. */
async function race(options: { naive: boolean; rows: number; seatsPerRow: number; attempts: number }) {
  const schema = `bo_race_${randomBytes(5).toString('hex')}`;
  const store = await openPostgresStore({ connectionString: url, schema, migrate: true });
  const bo = createBoxOffice({ store, payments: createTestGateway(), ownsStore: false });
  const venue = await bo.createVenue({
    name: 'Race Arena', city: 'Berlin', lat: 52.52, lon: 13.405,
    seatMap: { sections: [{ id: 'HOT', name: 'Hot', tier: 'hot', rows: Array.from({ length: options.rows }, (_, i) => ({ label: `R${i + 1}`, seatCount: options.seatsPerRow })) }] },
  });
  const event = await bo.createEvent({
    title: 'Race night', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { hot: 5000 }, holdTtlSeconds: 10, maxTicketsPerUser: null,
  });
  const workers = [0, 1].map((worker) =>
    runWorker('./race-worker.ts', [JSON.stringify({ connectionString: url, schema, eventId: event.id, buyers: 32, attempts: options.attempts, naive: options.naive, worker })]),
  );
  // Part-way through, move the store's clock past the TTL: abandoned holds expire and every
  // process's sweeper races to return their seats while buyers race to take them.
  const clockJump = setTimeout(() => void store.advanceClock(11_000), 1500);
  const results = await Promise.all(workers.map((w) => w.done));
  clearTimeout(clockJump);
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const reports = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as WorkerReport);
  const audit: AuditReport = await bo.audit(event.id);
  const told = reports.flatMap((r) => r.confirmed);
  const stored = await bo.listBookings({ eventId: event.id, pageSize: 500 });
  await bo.close();
  await store.close();
  await dropSchema(schema);
  return { audit, told, stored, reports };
}

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

describe.skipIf(!available)('race on real PostgreSQL: 2 processes × 32 buyers', () => {
  it('sells no seat twice and loses no booking', { timeout: 180_000 }, async () => {
    const { audit, told, stored, reports } = await race({ naive: false, rows: 6, seatsPerRow: 10, attempts: 10 });
    console.log('race (real):', JSON.stringify({ bookings: told.length, errors: reports.map((r) => r.errors), abandoned: reports.map((r) => r.abandoned) }));
    expect(audit.oversoldTickets).toEqual([]);
    expect(audit.soldWithoutBooking).toEqual([]);
    expect(audit.bookingsMissingTickets).toEqual([]);
    expect(audit.capturesWithoutBooking).toEqual([]);
    expect(audit.ok).toBe(true);
    // Every booking a buyer was told about is in the store, and nothing else is.
    expect(told.length).toBeGreaterThan(0);
    expect(stored.filter((b) => b.status === 'CONFIRMED').map((b) => b.id).sort()).toEqual([...told].sort());
    // The race really was contested.
    expect(reports.some((r) => (r.errors.SEAT_UNAVAILABLE ?? 0) > 0)).toBe(true);
  });

  it('catches the oversell of a naive read-then-write implementation (the audit can fail)', { timeout: 180_000 }, async () => {
    let audit: AuditReport | undefined;
    for (let attempt = 0; attempt < 3 && (!audit || audit.ok); attempt++) {
      ({ audit } = await race({ naive: true, rows: 2, seatsPerRow: 6, attempts: 6 }));
    }
    console.log('race (naive):', JSON.stringify({ oversold: audit!.oversoldTickets.length, missing: audit!.bookingsMissingTickets.length }));
    expect(audit!.ok).toBe(false);
    expect(audit!.oversoldTickets.length).toBeGreaterThan(0);
  });
});
