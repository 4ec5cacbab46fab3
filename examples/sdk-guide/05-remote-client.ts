// The remote client: connect(url, { token }) gives the same BoxOffice interface over HTTP.
import assert from 'node:assert/strict';
import { connect, isBoxOfficeError, signToken } from '@boxoffice/sdk';
import { startServer } from '@boxoffice/server';
import { createSampleEvent } from './sample-event.js';

// A server in this process, on the memory store and any free port (`boxoffice serve` in production).
const secret = 'an-example-secret-of-32-characters';
const server = await startServer({ store: 'memory', port: 0, secret, logger: false });

// Tokens are signed with the deployment secret (`boxoffice auth token` does the same).
// Retries (after a dropped connection or a 503) are on by default; `retry` tunes them, `false` turns them off.
const operator = connect(server.url, { token: signToken(secret, { userId: 'ops', role: 'admin' }), retry: { attempts: 5, maxDelayMs: 2000 } });
const alice = connect(server.url, { token: signToken(secret, { userId: 'alice' }) });
assert.equal(alice.storeKind, 'remote');

// The same helper as the embedded examples: it takes any BoxOffice.
const event = await createSampleEvent(operator);
// A user token acts for its user: no userId needed (an admin token names one: { userId }).
const hold = await alice.holds.create({ eventId: event.id, best: { quantity: 2 } });
const booking = await alice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { idempotencyKey: `checkout-${hold.id}` });
assert.equal((await alice.bookings.get(booking.id)).status, 'CONFIRMED');
// The operator reads it for alice; lists page the same way as embedded.
assert.equal((await operator.bookings.list({}, { userId: 'alice' })).total, 1);

// Errors come back as the same BoxOfficeError (code, field, details), rebuilt from the server's problem+json,
// with the server's request id (its X-Request-Id, in its logs) to quote.
await assert.rejects(
  alice.holds.create({ eventId: event.id, ticketIds: [hold.ticketIds[0]!] }),
  (error) => isBoxOfficeError(error, 'SEAT_UNAVAILABLE') && error.field === 'ticketIds' && typeof error.requestId === 'string',
);
// Bad input fails in the client, before any request, with the error the embedded SDK gives.
await assert.rejects(
  alice.holds.create({ eventId: 'not-an-id', best: { quantity: 1 } }),
  (error) => isBoxOfficeError(error, 'VALIDATION') && error.field === 'eventId',
);

await Promise.all([operator.close(), alice.close()]);
await server.close();
