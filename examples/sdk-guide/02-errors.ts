// One error type: BoxOfficeError, with a stable `code`, the `field` at fault and machine-readable `details`.
import assert from 'node:assert/strict';
import { BoxOfficeError, createBoxOffice, createTestGateway, isBoxOfficeError, openStore } from '@boxoffice/sdk';
import { createSampleEvent } from './sample-event.js';

const boxOffice = createBoxOffice({ store: await openStore('memory'), payments: createTestGateway() });
const event = await createSampleEvent(boxOffice);

/** Runs a call that must fail and returns its BoxOfficeError. */
async function failure(call: () => Promise<unknown>): Promise<BoxOfficeError> {
  try {
    await call();
  } catch (error) {
    if (isBoxOfficeError(error)) return error;
    throw error;
  }
  throw new Error('expected a BoxOfficeError');
}

// Bad input names the field, as a dotted path.
const bad = await failure(() => boxOffice.holds.create({ eventId: event.id, best: { quantity: 0 } }, { userId: 'alice' }));
assert.equal(bad.code, 'VALIDATION');
assert.equal(bad.field, 'best.quantity');
assert.equal(bad.httpStatus, 400); // what the server answers for it

// A seat someone else holds: SEAT_UNAVAILABLE, with the taken ticket ids in details.
const alice = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 2 } }, { userId: 'alice' });
const taken = await failure(() => boxOffice.holds.create({ eventId: event.id, ticketIds: [alice.ticketIds[0]!] }, { userId: 'bob' }));
assert.equal(taken.code, 'SEAT_UNAVAILABLE');
assert.equal(taken.field, 'ticketIds');
assert.deepEqual(taken.details?.unavailable, [alice.ticketIds[0]]);

// A declined card: PAYMENT_DECLINED; the hold stays active, so the buyer can pay another way.
const declined = await failure(() => boxOffice.bookings.confirm({ holdId: alice.id, paymentDetails: { token: 'tok_declined' } }, { userId: 'alice' }));
assert.ok(isBoxOfficeError(declined, 'PAYMENT_DECLINED'));
assert.equal((await boxOffice.holds.get(alice.id)).status, 'ACTIVE');

// { code, message, field?, details? }: the server sends the same in its problem+json body.
assert.deepEqual(taken.toJSON(), { code: 'SEAT_UNAVAILABLE', message: taken.message, field: 'ticketIds', details: { unavailable: [alice.ticketIds[0]] } });
await boxOffice.close();
