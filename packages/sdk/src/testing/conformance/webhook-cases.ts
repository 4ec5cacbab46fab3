import { describe, expect, it } from 'vitest';
import type { WebhookStore } from '../../ports/webhooks.js';
import { newWebhookEndpoint } from '../../webhooks/endpoint-input.js';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { useCaseContext, type StoreFactory } from './harness.js';

/** The WebhookStore port (`store.webhooks`): endpoints, fan-out from the outbox, claims, attempts. */
export function webhookCases(factory: StoreFactory): void {
  describe('webhooks', () => {
    const c = useCaseContext(factory);

    function hooks(): WebhookStore {
      const w = c.store.webhooks;
      if (!w) throw new Error('this store has no webhooks');
      return w;
    }

    async function confirmedBooking(userId = 'alice') {
      const { event } = await createHallEvent(c.bo);
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.hold({ eventId: event.id, userId, ticketIds: [s1!] });
      return c.bo.confirm({ holdId: hold.id, userId, paymentDetails: { token: 'tok_visa' } });
    }

    it('registers, lists without secrets, and deletes endpoints', async () => {
      const input = newWebhookEndpoint({ url: 'https://example.test/hooks', topics: ['booking.confirmed'], description: 'crm' });
      const created = await hooks().createEndpoint(input);
      expect(created).toMatchObject({ id: input.id, url: input.url, topics: ['booking.confirmed'], description: 'crm', secret: input.secret });
      const all = await hooks().createEndpoint(newWebhookEndpoint({ url: 'http://127.0.0.1:9/x' }, { allowPrivateTargets: true }));
      expect(all.topics).toBeNull();
      const listed = await hooks().listEndpoints();
      expect(listed.map((e) => e.id)).toEqual([created.id, all.id]);
      expect(listed.every((e) => !('secret' in e))).toBe(true);
      expect(await hooks().getEndpoint(created.id)).toEqual(listed[0]);
      expect(await hooks().deleteEndpoint(created.id)).toBe(true);
      expect(await hooks().deleteEndpoint(created.id)).toBe(false);
      expect(await hooks().getEndpoint(created.id)).toBeNull();
    });

    it('fans each outbox message out once, to the endpoints subscribed to its topic', async () => {
      const all = await hooks().createEndpoint(newWebhookEndpoint({ url: 'https://a.test/' }));
      const cancels = await hooks().createEndpoint(newWebhookEndpoint({ url: 'https://b.test/', topics: ['booking.cancelled'] }));
      const booking = await confirmedBooking();
      expect(await hooks().fanOut(50)).toEqual({ messages: 1, deliveries: 1 });
      expect(await hooks().fanOut(50)).toEqual({ messages: 0, deliveries: 0 });
      expect(await c.bo.outbox({ undispatchedOnly: true })).toEqual([]);
      await c.bo.cancelBooking({ bookingId: booking.id, userId: 'alice' });
      // booking.cancelled to both endpoints, payment.refunded to the one that takes every topic.
      expect(await hooks().fanOut(50)).toEqual({ messages: 2, deliveries: 3 });
      const toAll = await hooks().listDeliveries(all.id, 10);
      expect(toAll.map((d) => d.event.type).sort()).toEqual(['booking.cancelled', 'booking.confirmed', 'payment.refunded']);
      expect(toAll.find((d) => d.event.type === 'booking.confirmed')).toMatchObject({ status: 'PENDING', attemptCount: 0, attempts: [], event: { data: expect.objectContaining({ bookingId: booking.id }) } });
      expect((await hooks().listDeliveries(cancels.id, 10)).map((d) => d.event.type)).toEqual(['booking.cancelled']);
    });

    it('claims due deliveries once, retries on the store clock, and ignores stale claims', async () => {
      const endpoint = await hooks().createEndpoint(newWebhookEndpoint({ url: 'https://a.test/' }));
      await confirmedBooking();
      await hooks().fanOut(50);
      const [first, ...rest] = await hooks().claimDue(10, 60_000);
      expect(rest).toEqual([]);
      expect(first).toMatchObject({ endpointId: endpoint.id, url: endpoint.url, secret: endpoint.secret, attempt: 1, event: { type: 'booking.confirmed' } });
      expect(await hooks().claimDue(10, 60_000)).toEqual([]); // leased
      const retry = { deliveryId: first!.id, attempt: 1, statusCode: 500, durationMs: 12, error: 'HTTP 500', outcome: { kind: 'retry', retryInMs: 10_000 } } as const;
      expect(await hooks().recordAttempt(retry)).toBe(true);
      expect(await hooks().recordAttempt(retry)).toBe(false); // the same attempt twice
      expect(await hooks().claimDue(10, 60_000)).toEqual([]); // not due yet
      await c.store.advanceClock(10_001);
      const [second] = await hooks().claimDue(10, 60_000);
      expect(second).toMatchObject({ id: first!.id, attempt: 2 });
      expect(await hooks().recordAttempt({ ...retry, attempt: 2, statusCode: 204, error: null, outcome: { kind: 'delivered' } })).toBe(true);
      const [delivery] = await hooks().listDeliveries(endpoint.id, 10);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attemptCount: 2, nextAttemptAt: null });
      expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([[2, 204, null], [1, 500, 'HTTP 500']]);
      await c.store.advanceClock(120_000);
      expect(await hooks().claimDue(10, 60_000)).toEqual([]);
    });

    it('prunes finished deliveries past the retention with their attempts, never pending ones', async () => {
      const endpoint = await hooks().createEndpoint(newWebhookEndpoint({ url: 'https://a.test/' }));
      for (const user of ['u1', 'u2', 'u3']) await confirmedBooking(user);
      await hooks().fanOut(50);
      const [a, b] = await hooks().claimDue(2, 60_000);
      const done = { statusCode: 204, durationMs: 3, error: null, outcome: { kind: 'delivered' } } as const;
      await hooks().recordAttempt({ deliveryId: a!.id, attempt: 1, ...done });
      await hooks().recordAttempt({ deliveryId: b!.id, attempt: 1, statusCode: 410, durationMs: 3, error: 'HTTP 410', outcome: { kind: 'failed' } });
      const day = 86_400_000;
      expect(await hooks().pruneDeliveries(7 * day, 100)).toBe(0); // too recent
      await c.store.advanceClock(8 * day);
      expect(await hooks().pruneDeliveries(7 * day, 1)).toBe(1); // the limit holds
      expect(await hooks().pruneDeliveries(7 * day, 100)).toBe(1);
      expect(await hooks().pruneDeliveries(7 * day, 100)).toBe(0);
      const left = await hooks().listDeliveries(endpoint.id, 10);
      expect(left.map((d) => d.status)).toEqual(['PENDING']);
      // The outbox is not fanned out again: pruning forgets deliveries, not messages.
      expect(await hooks().fanOut(50)).toEqual({ messages: 0, deliveries: 0 });
    });

    it('re-claims a delivery whose claimer never recorded, after the lease; the old claim is then stale', async () => {
      const endpoint = await hooks().createEndpoint(newWebhookEndpoint({ url: 'https://a.test/' }));
      const ping = await hooks().enqueue(endpoint.id, { id: 'evt_ping_1', type: 'webhook.ping', createdAt: new Date().toISOString(), data: { endpointId: endpoint.id } });
      expect(ping).toMatchObject({ endpointId: endpoint.id, status: 'PENDING', event: { id: 'evt_ping_1', type: 'webhook.ping' } });
      expect(await hooks().enqueue('whk_unknown', { id: 'evt_ping_2', type: 'webhook.ping', createdAt: new Date().toISOString(), data: {} })).toBeNull();
      const [claim] = await hooks().claimDue(10, 30_000);
      expect(claim?.attempt).toBe(1);
      await c.store.advanceClock(30_001);
      const [again] = await hooks().claimDue(10, 30_000);
      expect(again).toMatchObject({ id: claim!.id, attempt: 2 });
      const late = { deliveryId: claim!.id, attempt: 1, statusCode: 200, durationMs: 5, error: null, outcome: { kind: 'delivered' } } as const;
      expect(await hooks().recordAttempt(late)).toBe(false);
      expect(await hooks().recordAttempt({ ...late, attempt: 2, statusCode: null, error: 'timeout', outcome: { kind: 'failed' } })).toBe(true);
      expect((await hooks().listDeliveries(endpoint.id, 1))[0]).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
    });

    it('concurrent fan-outs and claims never take one message or delivery twice', async () => {
      const endpoints = await Promise.all([1, 2, 3].map((n) => hooks().createEndpoint(newWebhookEndpoint({ url: `https://h${n}.test/` }))));
      for (const user of ['u1', 'u2', 'u3']) await confirmedBooking(user);
      const fanned = await Promise.all([1, 2, 3, 4].map(() => hooks().fanOut(2)));
      const more = await hooks().fanOut(50);
      expect(fanned.reduce((n, f) => n + f.messages, more.messages)).toBe(3);
      expect(fanned.reduce((n, f) => n + f.deliveries, more.deliveries)).toBe(9);
      const claims = (await Promise.all([1, 2, 3, 4].map(() => hooks().claimDue(3, 60_000)))).flat();
      const rest = await hooks().claimDue(50, 60_000);
      const ids = [...claims, ...rest].map((d) => d.id);
      expect(ids).toHaveLength(9);
      expect(new Set(ids).size).toBe(9);
      for (const endpoint of endpoints) {
        const events = (await hooks().listDeliveries(endpoint.id, 10)).map((d) => d.event.id);
        expect(new Set(events).size).toBe(3);
      }
    });
  });
}
