// A real payment gateway through the PaymentGateway port. EXAMPLE ONLY: "PayCo" and its HTTP API
// are made up; map the four calls onto your provider's API the same way.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoxOffice, createMemoryStore, isBoxOfficeError, PaymentOutcomeUnknownError, type AuthorizeResult, type PaymentGateway } from '@boxoffice/sdk';
import { createSampleEvent } from './sample-event.js';

/**
 * The adapter. BoxOffice passes its own `paymentId` on every call: send it as the provider's
 * idempotency key / merchant reference, so a retry never charges twice and `void` can find an
 * authorization whose answer was lost. An unknown outcome (timeout, dropped connection, 5xx)
 * must throw PaymentOutcomeUnknownError: BoxOffice then voids, and its reconciler settles later.
 */
export function createPayCoGateway(options: { baseUrl: string; apiKey: string; timeoutMs?: number }): PaymentGateway {
  async function call(path: string, body: Record<string, unknown>, idempotencyKey: string): Promise<{ status: number; body: Record<string, unknown> }> {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new PaymentOutcomeUnknownError(`PayCo ${path}: no answer`, { cause: error });
    }
    if (response.status >= 500) throw new PaymentOutcomeUnknownError(`PayCo ${path}: HTTP ${response.status}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  function ok(result: { status: number; body: Record<string, unknown> }, what: string): void {
    if (result.status >= 300) throw new Error(`PayCo ${what} failed: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  }

  return {
    name: 'payco',
    async authorize({ paymentId, amount, currency, token }): Promise<AuthorizeResult> {
      const result = await call('/v1/authorizations', { reference: paymentId, amount, currency, source: token }, paymentId);
      if (result.status === 402) return { status: 'declined', reason: String(result.body.decline_code) };
      ok(result, 'authorize');
      return { status: 'authorized', reference: String(result.body.id) };
    },
    async capture({ paymentId, reference, amount }) {
      ok(await call(`/v1/authorizations/${reference}/capture`, { amount }, `capture-${paymentId}`), 'capture');
    },
    async void({ paymentId }) {
      // By our reference: the provider's own id may never have reached us. Nothing to void is fine.
      const result = await call('/v1/authorizations/void', { reference: paymentId }, `void-${paymentId}`);
      if (result.status !== 404) ok(result, 'void');
    },
    async refund({ paymentId, reference, amount }) {
      ok(await call('/v1/refunds', { authorization: reference, amount }, `refund-${paymentId}`), 'refund');
    },
  };
}

// --- A stand-in for PayCo's servers, so that this example runs; not part of the adapter. ---
const charges = new Map<string, { id: string; status: string; amount: number }>(); // by our reference
const payco = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  const body = JSON.parse(text) as { reference: string; amount: number; source: string; authorization: string }; // what the adapter sends
  const reply = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const byId = (id: string) => [...charges.values()].find((c) => c.id === id);
  if (req.url === '/v1/authorizations') {
    if (body.source === 'tok_payco_declined') return reply(402, { decline_code: 'insufficient_funds' });
    const charge = charges.get(body.reference) ?? { id: `ch_${charges.size + 1}`, status: 'authorized', amount: body.amount };
    charges.set(body.reference, charge);
    if (body.source === 'tok_payco_slow') return setTimeout(() => reply(201, charge), 2_000); // the answer is lost
    return reply(201, charge);
  }
  const capture = /^\/v1\/authorizations\/(\w+)\/capture$/.exec(req.url ?? '');
  if (capture) return reply(200, Object.assign(byId(capture[1]!)!, { status: 'captured' }));
  if (req.url === '/v1/authorizations/void') {
    const charge = charges.get(body.reference);
    return charge ? reply(200, Object.assign(charge, { status: 'voided' })) : reply(404, { error: 'no such authorization' });
  }
  if (req.url === '/v1/refunds') return reply(200, Object.assign(byId(body.authorization)!, { status: 'refunded' }));
  return reply(404, { error: 'no such route' });
});
await new Promise<void>((resolve) => payco.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(payco.address() as AddressInfo).port}`;

// --- Wiring: the gateway is the one required port besides the store. ---
const boxOffice = createBoxOffice({
  store: createMemoryStore(),
  payments: createPayCoGateway({ baseUrl, apiKey: 'sk_test_example', timeoutMs: 500 }),
});
const event = await createSampleEvent(boxOffice);

// Paid: authorized, the seats sold, then captured.
const hold = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 2 } }, { userId: 'alice' });
const booking = await boxOffice.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_payco_visa' } }, { userId: 'alice' });
assert.deepEqual([...charges.values()].map((c) => c.status), ['captured']);

// Cancelled: refunded through the gateway.
await boxOffice.bookings.cancel(booking.id, { userId: 'alice' });
assert.deepEqual([...charges.values()].map((c) => c.status), ['refunded']);

// Declined by the provider: PAYMENT_DECLINED, the reason in details.
const second = await boxOffice.holds.create({ eventId: event.id, best: { quantity: 1 } }, { userId: 'bob' });
await assert.rejects(
  boxOffice.bookings.confirm({ holdId: second.id, paymentDetails: { token: 'tok_payco_declined' } }, { userId: 'bob' }),
  (error) => isBoxOfficeError(error, 'PAYMENT_DECLINED') && error.details?.reason === 'insufficient_funds',
);

// The answer never came: PAYMENT_UNCERTAIN to the buyer, the authorization voided at the provider.
await assert.rejects(
  boxOffice.bookings.confirm({ holdId: second.id, paymentDetails: { token: 'tok_payco_slow' } }, { userId: 'bob' }),
  (error) => isBoxOfficeError(error, 'PAYMENT_UNCERTAIN'),
);
assert.equal([...charges.values()].at(-1)?.status, 'voided');

await boxOffice.close();
payco.closeAllConnections();
payco.close();
