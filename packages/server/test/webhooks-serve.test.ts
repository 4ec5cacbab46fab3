import { verifyWebhookSignature } from '@boxoffice/sdk';
import { createHallEvent, seatsOf } from '@boxoffice/sdk/testing';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import { bearer, SECRET } from './helpers.js';
import { startReceiver, type Received } from './webhook-receiver.js';

async function until(received: Received[], count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('startServer delivers webhooks from its own dispatcher', () => {
  it('sends a ping at once and a confirmation within a round', async () => {
    const receiver = await startReceiver();
    // A long interval: the ping must go out because the route wakes the dispatcher, not by the timer.
    const server = await startServer({ store: 'memory', port: 0, secret: SECRET, logger: false, shedding: { maxEventLoopLagMs: 0 }, sweepIntervalMs: 0, webhookIntervalMs: 2_000, allowPrivateWebhookTargets: true });
    try {
      const admin = { ...bearer('ops', 'admin'), 'content-type': 'application/json' };
      const created = await fetch(`${server.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url: receiver.url }) });
      expect(created.status).toBe(201);
      const { id, secret } = (await created.json()) as { id: string; secret: string };
      const started = Date.now();
      expect((await fetch(`${server.url}/admin/webhooks/${id}/test`, { method: 'POST', headers: bearer('ops', 'admin') })).status).toBe(202);
      await until(receiver.received, 1);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'webhook.ping' });

      const { event } = await createHallEvent(server.boxOffice);
      const [seat] = await seatsOf(server.boxOffice, event.id, 'A', 'A');
      const booking = await server.boxOffice.book({ eventId: event.id, userId: 'alice', ticketIds: [seat!], paymentDetails: { token: 'tok_visa' } });
      await until(receiver.received, 2);
      const got = receiver.received[1]!;
      expect(JSON.parse(got.body)).toMatchObject({ type: 'booking.confirmed', data: { bookingId: booking.id } });
      expect(verifyWebhookSignature(secret, got.headers['boxoffice-signature'] as string, got.body)).toBe(true);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});
