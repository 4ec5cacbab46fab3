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
const hold = await boxOffice.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2, section: 'STALLS' } });
assert.equal(hold.status, 'ACTIVE');
assert.equal(hold.total, 9_000); // minor units: 2 × EUR 45.00

const booking = await boxOffice.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } });
assert.equal(booking.status, 'CONFIRMED');
assert.deepEqual([...booking.ticketIds].sort(), [...hold.ticketIds].sort());

// Lists are arrays of one page (1-based); ask for the next page until one comes back short.
const mine = await boxOffice.listBookings({ userId: 'alice', page: 1, pageSize: 50 });
assert.deepEqual(mine.map((b) => b.id), [booking.id]);
const events = await boxOffice.listEvents({ page: 1, pageSize: 20 });
assert.equal(events.length, 1);

// Holds expire on the store's clock, whether or not a sweep ran (the default TTL is 10 minutes).
const abandoned = await boxOffice.hold({ eventId: event.id, userId: 'bob', best: { quantity: 3 } });
await store.advanceClock(11 * 60_000); // the memory store's clock can be moved, for tests and examples
assert.equal((await boxOffice.getHold(abandoned.id)).status, 'EXPIRED');
await assert.rejects(
  boxOffice.confirm({ holdId: abandoned.id, userId: 'bob', paymentDetails: { token: 'tok_visa' } }),
  (error) => isBoxOfficeError(error, 'HOLD_EXPIRED'),
);
// The sweeper returns expired holds' seats to sale (createBoxOffice({ sweepIntervalMs }) runs it by itself).
const swept = await boxOffice.sweep();
assert.equal(swept.ticketsFreed, 3);

const audit = await boxOffice.audit(event.id);
assert.ok(audit.ok, 'no oversold seat, no lost booking');
await boxOffice.close();
