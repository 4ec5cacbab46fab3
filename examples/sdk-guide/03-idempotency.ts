// Idempotency keys: a retried confirm, book or cancel with the same key does its work once.
import assert from 'node:assert/strict';
import { createBoxOffice, createTestGateway, isBoxOfficeError, openStore } from '@boxoffice/sdk';
import { createSampleEvent } from './sample-event.js';

const payments = createTestGateway();
const boxOffice = createBoxOffice({ store: await openStore('memory'), payments });
const event = await createSampleEvent(boxOffice);

// Derive the key from what the buyer meant to do (one checkout), not from the attempt.
const hold = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 2 } }, { userId: 'alice' });
const checkout = { userId: 'alice', idempotencyKey: `checkout-${hold.id}` };
const first = await boxOffice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, checkout);
// e.g. after a timeout: the same booking, no second charge
const retried = await boxOffice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, checkout);
assert.equal(retried.id, first.id);

// The same key with a different request is refused rather than guessed at.
try {
  await boxOffice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_mastercard' } }, checkout);
  assert.fail('expected IDEMPOTENCY_MISMATCH');
} catch (error) {
  assert.ok(isBoxOfficeError(error, 'IDEMPOTENCY_MISMATCH'));
}

// book (hold + pay + confirm in one call) and cancel take a key too.
const free = (await boxOffice.events.tickets(event.id)).filter((t) => t.status === 'AVAILABLE').slice(0, 1);
const order = { eventId: event.id, ticketIds: free.map((t) => t.id), paymentDetails: { token: 'tok_visa' } };
const booked = await boxOffice.bookings.book(order, { userId: 'bob', idempotencyKey: 'bob-order-1' });
assert.equal((await boxOffice.bookings.book(order, { userId: 'bob', idempotencyKey: 'bob-order-1' })).id, booked.id);

const cancel = { userId: 'bob', idempotencyKey: 'bob-cancel-1' };
assert.equal((await boxOffice.bookings.cancel(booked.id, cancel)).status, 'CANCELLED');
assert.equal((await boxOffice.bookings.cancel(booked.id, cancel)).status, 'CANCELLED'); // replayed, refunded once

// One charge per booking, in the test gateway's ledger.
assert.deepEqual(payments.ledger().map((entry) => entry.status).sort(), ['captured', 'refunded']);
await boxOffice.close();
