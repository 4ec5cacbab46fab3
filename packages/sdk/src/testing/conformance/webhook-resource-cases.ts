import { describe, expect, it } from 'vitest';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

/**
 * `bo.webhooks`, the same in-process and through the remote client. Endpoints are on public
 * address literals (TEST-NET-3), so registration needs no DNS; the BoxOffice under test refuses
 * private targets, as a deployment does by default.
 */
export function webhookResourceCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('bo.webhooks', () => {
    const c = useCaseContext(factory, through);

    it('registers (the secret shown once), lists, pings, shows and removes an endpoint', async () => {
      const created = await c.bo.webhooks.create({ url: 'https://203.0.113.10/hooks', topics: ['booking.confirmed'], description: 'crm' });
      expect(created).toMatchObject({ id: expect.stringMatching(/^whk_/), url: 'https://203.0.113.10/hooks', topics: ['booking.confirmed'], description: 'crm', secret: expect.stringMatching(/^whsec_/) });
      const { secret: _secret, ...summary } = created;
      const other = await c.bo.webhooks.create({ url: 'https://203.0.113.11/' });
      expect(other).toMatchObject({ topics: null, description: null });
      expect(await c.bo.webhooks.list()).toEqual([summary, expect.objectContaining({ id: other.id })]);
      expect((await c.bo.webhooks.list()).every((e) => !('secret' in e))).toBe(true);

      const ping = await c.bo.webhooks.test(created.id);
      expect(ping).toEqual({ deliveryId: expect.any(String), eventId: expect.stringMatching(/^ping_/), type: 'webhook.ping', status: 'PENDING' });
      const detail = await c.bo.webhooks.get(created.id);
      expect(detail).toEqual({ ...summary, deliveries: [expect.objectContaining({ id: ping.deliveryId, endpointId: created.id, status: 'PENDING', attemptCount: 0, attempts: [] })] });
      expect(detail.deliveries[0]!.event).toMatchObject({ id: ping.eventId, type: 'webhook.ping', data: { webhookId: created.id } });
      expect((await c.bo.webhooks.get(other.id)).deliveries).toEqual([]);

      expect(await c.bo.webhooks.delete(created.id)).toBeUndefined();
      expect(await codeOf(() => c.bo.webhooks.get(created.id))).toEqual({ code: 'NOT_FOUND', field: 'webhookId' });
      expect(await codeOf(() => c.bo.webhooks.delete(created.id))).toEqual({ code: 'NOT_FOUND', field: 'webhookId' });
      expect(await codeOf(() => c.bo.webhooks.test(created.id))).toEqual({ code: 'NOT_FOUND', field: 'webhookId' });
      expect((await c.bo.webhooks.list()).map((e) => e.id)).toEqual([other.id]);
    });

    it("shows the deliveries a booking's outbox message fans out to the endpoint", async () => {
      const endpoint = await c.bo.webhooks.create({ url: 'https://203.0.113.12/hooks', topics: ['booking.confirmed'] });
      const { event } = await createHallEvent(c.bo);
      const [seat] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.holds.create({ eventId: event.id, ticketIds: [seat!] }, { userId: 'alice' });
      const booking = await c.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'alice' });
      // The dispatcher's first step, run here: the store turns outbox messages into deliveries.
      expect(await c.store.webhooks!.fanOut(50)).toEqual({ messages: 1, deliveries: 1 });
      const [delivery] = (await c.bo.webhooks.get(endpoint.id)).deliveries;
      expect(delivery).toMatchObject({ endpointId: endpoint.id, status: 'PENDING', event: { type: 'booking.confirmed', data: expect.objectContaining({ bookingId: booking.id }) } });
    });

    it('refuses bad input and private targets with the field named, storing nothing', async () => {
      expect(await codeOf(() => c.bo.webhooks.create({ url: 'ftp://203.0.113.10/' }))).toEqual({ code: 'VALIDATION', field: 'url' });
      expect(await codeOf(() => c.bo.webhooks.create({ url: 'https://user:pw@203.0.113.10/' }))).toEqual({ code: 'VALIDATION', field: 'url' });
      expect(await codeOf(() => c.bo.webhooks.create({ url: 'https://203.0.113.10/', topics: [] }))).toEqual({ code: 'VALIDATION', field: 'topics' });
      expect(await codeOf(() => c.bo.webhooks.create({ url: 'https://203.0.113.10/', extra: 1 } as never))).toMatchObject({ code: 'VALIDATION' });
      // Loopback, private, link-local and metadata targets: refused unless the deployment allows them.
      for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://localhost:8080/', 'http://[::ffff:127.0.0.1]/']) {
        expect(await codeOf(() => c.bo.webhooks.create({ url })), url).toEqual({ code: 'VALIDATION', field: 'url' });
      }
      for (const id of ['evt_notawebhook', 'whk_', 'whk_a/b']) {
        expect(await codeOf(() => c.bo.webhooks.get(id)), id).toEqual({ code: 'VALIDATION', field: 'webhookId' });
        expect(await codeOf(() => c.bo.webhooks.delete(id)), id).toEqual({ code: 'VALIDATION', field: 'webhookId' });
        expect(await codeOf(() => c.bo.webhooks.test(id)), id).toEqual({ code: 'VALIDATION', field: 'webhookId' });
      }
      expect(await c.bo.webhooks.list()).toEqual([]);
      expect(await c.store.webhooks!.listEndpoints()).toEqual([]);
    });
  });
}
