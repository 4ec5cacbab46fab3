/**
 * One OS process of the race harness: `buyers` concurrent buyers race for pairs of adjacent
 * seats of one event on a shared PostgreSQL, with this process's sweeper running. Prints one
 * JSON line: what each buyer was told (bookings confirmed, errors by code).
 *
 *   node --import tsx race-worker.ts '<json options>'
 */
import pg from 'pg';
import { createBoxOffice, createTestGateway, type Store } from '../../src/index.js';
import { openPostgresStore } from '../../src/adapters/postgres/index.js';
import { naiveStore } from './naive-store.js';

interface WorkerOptions {
  connectionString: string;
  schema: string;
  eventId: string;
  buyers: number;
  attempts: number;
  naive: boolean;
  worker: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
const real = await openPostgresStore({ connectionString: opts.connectionString, schema: opts.schema, migrate: false, maxConnections: 12 });
const pool = new pg.Pool({ connectionString: opts.connectionString, options: `-c search_path=${opts.schema}`, max: 12 });
const store: Store = opts.naive ? naiveStore(real, pool) : real;
const bo = createBoxOffice({ store, payments: createTestGateway(), sweepIntervalMs: 50, ownsStore: false });

const tickets = await bo.getTickets(opts.eventId);
const rows = new Map<string, string[]>();
for (const t of tickets.sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0))) {
  const key = `${t.section}/${t.row}`;
  rows.set(key, [...(rows.get(key) ?? []), t.id]);
}
const rowList = [...rows.values()];

const confirmed: string[] = [];
const errors: Record<string, number> = {};
let abandoned = 0;

async function buyer(b: number): Promise<void> {
  for (let i = 0; i < opts.attempts; i++) {
    const row = rowList[Math.floor(Math.random() * rowList.length)]!;
    const k = Math.floor(Math.random() * (row.length - 1));
    const userId = `w${opts.worker}-b${b}-${i}`;
    try {
      const hold = await bo.hold({ eventId: opts.eventId, userId, ticketIds: [row[k]!, row[k + 1]!] });
      const roll = Math.random();
      if (roll < 0.15) {
        abandoned++; // walks away: the hold expires and a sweeper returns the seats
        continue;
      }
      const token = roll < 0.25 ? 'tok_declined' : 'tok_visa';
      const booking = await bo.confirm({ holdId: hold.id, userId, paymentDetails: { token }, idempotencyKey: `c-${hold.id}` });
      confirmed.push(booking.id);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'THROWN';
      errors[code] = (errors[code] ?? 0) + 1;
      if (code === 'THROWN' || code === 'INTERNAL') console.error(error);
    }
  }
}

await Promise.all(Array.from({ length: opts.buyers }, (_, b) => buyer(b)));
await bo.close();
await real.close();
await pool.end();
process.stdout.write(`${JSON.stringify({ worker: opts.worker, confirmed, errors, abandoned })}\n`);
