import { randomBytes } from 'node:crypto';
import { createBoxOffice, newWebhookEndpoint, TestPaymentGateway, verifyWebhookSignature, WebhookDispatcher, type BoxOffice } from '@boxoffice/sdk';
import { dropSchema, openPostgresStore, type PostgresStore } from '@boxoffice/sdk/postgres';
import { createHallEvent, seatsOf } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, postgresReachable } from './postgres-probe.js';
import { startReceiver } from './webhook-receiver.js';

/**
 * Two dispatchers at once on real PostgreSQL, each over its own connection pool (as two server
 * processes would be): every message reaches every endpoint once. Skipped with a message when
 * PostgreSQL is unreachable; failing under CI=true.
 */
const schema = `bo_whk_${randomBytes(5).toString('hex')}`;
const reachable = await postgresReachable();

describe.skipIf(!reachable)('webhooks on PostgreSQL with two dispatchers', () => {
  let first: PostgresStore;
  let second: PostgresStore;
  let bo: BoxOffice;
  beforeAll(async () => {
    first = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 5 });
    second = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 5 });
    bo = createBoxOffice({ store: first, payments: new TestPaymentGateway({ timeoutMs: 5 }), ownsStore: false });
  });
  afterAll(async () => {
    await bo?.close();
    await first?.close();
    await second?.close();
    if (reachable) await dropSchema({ connectionString: PG_URL, schema });
  });

  it('delivers each message once per endpoint while both run at once', async () => {
    const receivers = await Promise.all([startReceiver(), startReceiver()]);
    try {
      const endpoints = await Promise.all(receivers.map((r) => first.webhooks.createEndpoint(newWebhookEndpoint({ url: r.url }, { allowPrivateTargets: true }))));
      const { event } = await createHallEvent(bo, { maxTicketsPerUser: null });
      const seats = await seatsOf(bo, event.id, 'B', 'A');
      const bookings = 8;
      for (let i = 0; i < bookings; i++) {
        const hold = await bo.hold({ eventId: event.id, userId: `buyer${i}`, ticketIds: [seats[i]!] });
        await bo.confirm({ holdId: hold.id, userId: `buyer${i}`, paymentDetails: { token: 'tok_visa' } });
      }
      // Small batches, so the two dispatchers' rounds interleave over the messages and deliveries.
      const a = new WebhookDispatcher({ store: first.webhooks, allowPrivateTargets: true, batchSize: 3 });
      const b = new WebhookDispatcher({ store: second.webhooks, allowPrivateTargets: true, batchSize: 3 });
      const attemptedBy = { a: 0, b: 0 };
      for (let round = 0; round < 20; round++) {
        const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
        attemptedBy.a += ra.attempted;
        attemptedBy.b += rb.attempted;
        if (ra.fannedOut + rb.fannedOut + ra.attempted + rb.attempted === 0) break;
      }
      if (process.env.WEBHOOK_TEST_DEBUG) console.log('attempted by', attemptedBy);
      expect(attemptedBy.a + attemptedBy.b).toBe(bookings * endpoints.length);
      for (const [i, r] of receivers.entries()) {
        const ids = r.received.map((x) => x.headers['boxoffice-event-id']);
        expect(ids).toHaveLength(bookings);
        expect(new Set(ids).size).toBe(bookings);
        expect(r.received.every((x) => verifyWebhookSignature(endpoints[i]!.secret, x.headers['boxoffice-signature'] as string, x.body))).toBe(true);
        const deliveries = await second.webhooks.listDeliveries(endpoints[i]!.id, 50);
        expect(deliveries.map((d) => [d.status, d.attemptCount])).toEqual(Array.from({ length: bookings }, () => ['DELIVERED', 1]));
      }
      expect(await bo.outbox({ undispatchedOnly: true })).toEqual([]);
    } finally {
      for (const r of receivers) await r.close();
    }
  });
});
