// Idempotency keys: a retried confirm, book or cancel with the same key does its work once.
import assert from 'node:assert/strict';
import { createBoxOffice, createTestGateway, isBoxOfficeError, openStore } from '@boxoffice/sdk';
import { createSampleEvent } from './sample-event.js';

const payments = createTestGateway();
const boxOffice = createBoxOffice({ store: await openStore('memory'), payments });
const event = await createSampleEvent(boxOffice);

// Derive the key from what the buyer meant to do (one checkout), not from the attempt.
const hold = await boxOffice.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 } });
const confirm = { holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' }, idempotencyKey: `checkout-${hold.id}` };
const first = await boxOffice.confirm(confirm);
const retried = await boxOffice.confirm(confirm); // e.g. after a timeout: the same booking, no second charge
assert.equal(retried.id, first.id);

// The same key with a different request is refused rather than guessed at.
try {
  await boxOffice.confirm({ ...confirm, paymentDetails: { token: 'tok_mastercard' } });
  assert.fail('expected IDEMPOTENCY_MISMATCH');
} catch (error) {
  assert.ok(isBoxOfficeError(error, 'IDEMPOTENCY_MISMATCH'));
}

// book (hold + pay + confirm in one call) and cancelBooking take a key too.
const free = (await boxOffice.getTickets(event.id)).filter((t) => t.status === 'AVAILABLE').slice(0, 1);
const book = { eventId: event.id, userId: 'bob', ticketIds: free.map((t) => t.id), paymentDetails: { token: 'tok_visa' }, idempotencyKey: 'bob-order-1' };
const booked = await boxOffice.book(book);
assert.equal((await boxOffice.book(book)).id, booked.id);

const cancel = { bookingId: booked.id, userId: 'bob', idempotencyKey: 'bob-cancel-1' };
assert.equal((await boxOffice.cancelBooking(cancel)).status, 'CANCELLED');
assert.equal((await boxOffice.cancelBooking(cancel)).status, 'CANCELLED'); // replayed, refunded once

// One charge per booking, in the test gateway's ledger.
assert.deepEqual(payments.ledger().map((entry) => entry.status).sort(), ['captured', 'refunded']);
await boxOffice.close();
