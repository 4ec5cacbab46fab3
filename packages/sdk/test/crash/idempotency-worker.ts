/**
 * A process killed with SIGKILL by idempotency-crash.test.ts while it holds an idempotency
 * claim: it confirms a hold with an idempotency key through a gateway that never answers the
 * authorization, prints `{"authorizing":true}` once the confirm is under way (its key claimed,
 * the lease being renewed), and waits to be killed.
 *
 *   node --import tsx idempotency-worker.ts '{"connectionString":...,"schema":...,"holdId":...,"userId":...,"key":...}'
 */
import { createBoxOffice, createTestGateway, type PaymentGateway } from '../../src/index.js';
import { openPostgresStore } from '../../src/adapters/postgres/index.js';

interface Options {
  connectionString: string;
  schema: string;
  holdId: string;
  userId: string;
  key: string;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
const store = await openPostgresStore({ connectionString: opts.connectionString, schema: opts.schema, migrate: false });
const inner = createTestGateway();
const hangingGateway: PaymentGateway = {
  name: 'hanging-test',
  authorize: async () => {
    process.stdout.write(`${JSON.stringify({ authorizing: true })}\n`);
    return new Promise(() => undefined);
  },
  capture: (req) => inner.capture(req),
  void: (req) => inner.void(req),
  refund: (req) => inner.refund(req),
};
const bo = createBoxOffice({ store, payments: hangingGateway, ownsStore: false });
await bo.confirm({ holdId: opts.holdId, userId: opts.userId, paymentDetails: { token: 'tok_visa' }, idempotencyKey: opts.key });
process.stdout.write(`${JSON.stringify({ error: 'the confirm returned, but its gateway never answers' })}\n`);
