/**
 * A process that is killed with SIGKILL mid-work by crash.test.ts. It books seats as fast as it
 * can with many buyers at once, printing one line per confirmed booking, until it is killed.
 * The gateway answers after a short delay (like a real one), so confirms are always in flight.
 *
 *   node --import tsx crash-worker.ts '{"mode":"pg","connectionString":...,"schema":...,"eventId":...}'
 *   node --import tsx crash-worker.ts '{"mode":"pglite","dataDir":...}'
 */
import { createBoxOffice, createTestGateway, type PaymentGateway, type Store } from '../../src/index.js';
import { openPostgresStore } from '../../src/adapters/postgres/index.js';
import { openPgliteStore } from '../../src/adapters/postgres/pglite.js';

interface Options {
  mode: 'pg' | 'pglite';
  connectionString?: string;
  schema?: string;
  eventId?: string;
  dataDir?: string;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
const store: Store =
  opts.mode === 'pg'
    ? await openPostgresStore({ connectionString: opts.connectionString!, schema: opts.schema!, migrate: false })
    : await openPgliteStore({ dataDir: opts.dataDir! });

const inner = createTestGateway();
const slowGateway: PaymentGateway = {
  name: 'slow-test',
  authorize: async (req) => {
    await new Promise((r) => setTimeout(r, 20));
    return inner.authorize(req);
  },
  capture: (req) => inner.capture(req),
  void: (req) => inner.void(req),
  refund: (req) => inner.refund(req),
};
const bo = createBoxOffice({ store, payments: slowGateway, ownsStore: false });

let eventId = opts.eventId;
if (!eventId) {
  const venue = await bo.createVenue({
    name: 'Crash Hall', city: 'Oslo', lat: 59.91, lon: 10.75,
    seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: Array.from({ length: 20 }, (_, i) => ({ label: `R${i}`, seatCount: 20 })) }] },
  });
  eventId = (await bo.createEvent({ title: 'Crash night', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { t: 1000 }, maxTicketsPerUser: null })).id;
  process.stdout.write(`${JSON.stringify({ eventId })}\n`);
}

let n = 0;
async function buyer(b: number): Promise<void> {
  for (;;) {
    const userId = `crash-${b}-${n++}`;
    try {
      const hold = await bo.hold({ eventId: eventId!, userId, best: { quantity: 2 } });
      const booking = await bo.confirm({ holdId: hold.id, userId, paymentDetails: { token: 'tok_visa' } });
      process.stdout.write(`${JSON.stringify({ bookingId: booking.id })}\n`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SEAT_UNAVAILABLE') return; // sold out
      throw error;
    }
  }
}
await Promise.all(Array.from({ length: 16 }, (_, b) => buyer(b)));
process.stdout.write(`${JSON.stringify({ soldOut: true })}\n`);
