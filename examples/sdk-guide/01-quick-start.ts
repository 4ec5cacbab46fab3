// Embed the SDK: hold the best two seats, pay, read the booking back; a hold nobody pays for expires.
import assert from 'node:assert/strict';
import { createBoxOffice, createMemoryStore, createTestGateway, isBoxOfficeError } from '@boxoffice/sdk';
import { createSampleEvent } from './sample-event.js';

const store = createMemoryStore(); // or: await openStore('./data') (PGlite), openStore('postgres://…')
const boxOffice = createBoxOffice({
  store,
  payments: createTestGateway(), // a declared test double: tok_visa pays, tok_declined declines
});
const event = await createSampleEvent(boxOffice);

// Best available: two adjacent seats in the section; all-or-nothing.
// The request says what is asked; the call options say for whom (and, later, with which idempotency key).
const hold = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 2, section: 'STALLS' } }, { userId: 'alice' });
assert.equal(hold.status, 'ACTIVE');
assert.equal(hold.total, 9_000); // minor units: 2 × EUR 45.00

const booking = await boxOffice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'alice' });
assert.equal(booking.status, 'CONFIRMED');
assert.deepEqual([...booking.ticketIds].sort(), [...hold.ticketIds].sort());

// A list answers one page with its total; `for await` walks every page from there.
const mine = await boxOffice.bookings.list({ pageSize: 50 }, { userId: 'alice' });
assert.deepEqual(mine.items.map((b) => b.id), [booking.id]);
assert.equal(mine.total, 1);
assert.equal(mine.hasMore, false);
const titles: string[] = [];
for await (const listed of boxOffice.events.list({ pageSize: 20 })) titles.push(listed.title);
assert.deepEqual(titles, [event.title]);

// Holds expire on the store's clock, whether or not a sweep ran (the default TTL is 10 minutes).
const abandoned = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 3 } }, { userId: 'bob' });
await store.advanceClock(11 * 60_000); // the memory store's clock can be moved, for tests and examples
assert.equal((await boxOffice.holds.get(abandoned.id)).status, 'EXPIRED');
await assert.rejects(
  boxOffice.bookings.confirm({ holdId: abandoned.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'bob' }),
  (error) => isBoxOfficeError(error, 'HOLD_EXPIRED'),
);
// The sweeper returns expired holds' seats to sale (createBoxOffice({ sweepIntervalMs }) runs it by itself).
const swept = await boxOffice.operations.sweep();
assert.equal(swept.ticketsFreed, 3);

const audit = await boxOffice.operations.audit(event.id);
assert.ok(audit.ok, 'no oversold seat, no lost booking');
await boxOffice.close();
