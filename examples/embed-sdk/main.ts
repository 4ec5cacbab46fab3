/**
 * Embedding the BoxOffice SDK: create a venue and an event, hold two seats, pay, read the
 * booking back. Runs on the in-memory store; pass a store of your own to `createBoxOffice`
 * (PostgreSQL in production) and a real payment gateway instead of the test one.
 *
 *   pnpm example
 */
import { createBoxOffice, createMemoryStore, createTestGateway, formatMoney } from '@boxoffice/sdk';

const boxOffice = createBoxOffice({
  store: createMemoryStore(),
  // The test gateway is a declared test double: tok_visa pays, tok_declined declines.
  payments: createTestGateway(),
});

const venue = await boxOffice.venues.create({
  name: 'Riverside Hall',
  city: 'Lisbon',
  country: 'PT',
  lat: 38.7077,
  lon: -9.1365,
  seatMap: {
    sections: [
      { id: 'STALLS', name: 'Stalls', tier: 'standard', rows: [{ label: 'A', seatCount: 10 }, { label: 'B', seatCount: 10 }] },
      { id: 'FLOOR', name: 'Standing', tier: 'floor', capacity: 100 },
    ],
  },
});

const event = await boxOffice.events.create({
  title: 'Fado at the River',
  type: 'concert',
  startsAt: '2027-06-12T20:30:00Z',
  venueId: venue.id,
  currency: 'EUR',
  prices: { standard: 4_500, floor: 2_500 },
});

// Two adjacent seats, best available; the hold lasts the event's TTL (10 minutes by default).
// A call made for a buyer names them in its options, the last argument.
const hold = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 2, section: 'STALLS' } }, { userId: 'alice' });
console.log(`held ${hold.ticketIds.length} seats for ${formatMoney(hold.total, hold.currency)} until ${hold.expiresAt}`);

// The idempotency key makes a retry of this payment return the first answer, never a second charge.
const booking = await boxOffice.bookings.confirm(
  { holdId: hold.id, paymentDetails: { token: 'tok_visa' } },
  { userId: 'alice', idempotencyKey: `confirm-${hold.id}` },
);

const readBack = await boxOffice.bookings.get(booking.id, { userId: 'alice' });
const audit = await boxOffice.operations.audit(event.id);
console.log(`booking ${readBack.id}: ${readBack.status}, ${readBack.ticketIds.length} tickets, ${formatMoney(readBack.total, readBack.currency)}`);
console.log(`audit: ${audit.ok ? 'no oversold seat, no lost booking' : JSON.stringify(audit)}`);
await boxOffice.close();
if (!audit.ok || readBack.status !== 'CONFIRMED') process.exit(1);
