import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/memory-store.js';
import { createBoxOffice } from '../../create-box-office.js';
import { codeOf } from '../conformance/harness.js';
import { admittedUsers, QUEUE_TEST_SECRET, queuedEvent, tick, tokenOf, useQueueContext, type QueueFactory } from './harness.js';

export function inventoryCases(factory: QueueFactory): void {
  describe('inventory', () => {
    const c = useQueueContext(factory);

    it('announces sold-out to waiting users at once and refuses joins; a cancellation resumes admission', async () => {
      const event = await queuedEvent(c, { admissionRate: null, maxActive: 1, tickMs: 100 }, 2);
      for (const userId of ['ann', 'bob']) await c.bo.queue.join({ eventId: event.id, userId });
      expect(await tick(c, 100)).toBe(1);
      const tickets = (await c.bo.getTickets(event.id)).map((t) => t.id);
      const booking = await c.bo.book({ eventId: event.id, userId: 'ann', ticketIds: tickets, paymentDetails: { token: 'tok_visa' }, admissionToken: tokenOf(c, event.id, 'ann') });
      // At once: no tick needed.
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'bob' })).toMatchObject({ state: 'waiting', soldOut: true, inventory: 'sold_out' });
      expect(c.updates.filter((u) => u.type === 'queue.inventory')).toContainEqual({ type: 'queue.inventory', eventId: event.id, inventory: 'sold_out' });
      expect(await codeOf(() => c.bo.queue.join({ eventId: event.id, userId: 'cat' }))).toEqual({ code: 'SOLD_OUT', field: 'eventId' });
      const stats = await c.bo.queueStats(event.id);
      expect(stats).toMatchObject({ inventory: 'sold_out', issued: 2, active: 0 });
      // The slot is free, but nothing is admitted into a sold-out event.
      expect(await tick(c, 1_100)).toBe(0);

      await c.bo.cancelBooking({ bookingId: booking.id, userId: 'ann' });
      // The next tick with a reading older than a second re-reads the inventory, then admits.
      expect(await tick(c, 1_100)).toBe(1);
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'bob' })).toMatchObject({ state: 'admitted', soldOut: false, inventory: 'available' });
      expect(admittedUsers(c, event.id)).toEqual(['ann', 'bob']);
    });

    it('pauses admission while every seat is held, and resumes when expired holds bring seats back', async () => {
      const event = await queuedEvent(c, { admissionRate: null, maxActive: 1, tickMs: 100 }, 2);
      for (const userId of ['ann', 'bob']) await c.bo.queue.join({ eventId: event.id, userId });
      await tick(c, 100);
      await c.bo.hold({ eventId: event.id, userId: 'ann', best: { quantity: 2 }, admissionToken: tokenOf(c, event.id, 'ann') });
      await c.bo.queue.leave({ eventId: event.id, userId: 'ann' }); // gives the slot up, keeps the hold
      await tick(c, 1_100);
      const bob = await c.bo.queue.status({ eventId: event.id, userId: 'bob' });
      expect(bob).toMatchObject({ state: 'waiting', inventory: 'held', soldOut: false });
      expect(await tick(c, 100)).toBe(0);
      await c.bo.queue.heartbeat({ eventId: event.id, userId: 'bob' });
      await c.store.advanceClock(61_000); // ann's hold expires: the seats are for sale again
      expect(await tick(c, 1_100)).toBe(1);
      expect(admittedUsers(c, event.id)).toEqual(['ann', 'bob']);
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'cat' })).toMatchObject({ inventory: 'available', number: 3 });
    });

    it('a process whose store does not know the event never announces a sell-out', async () => {
      const event = await queuedEvent(c, { admissionRate: 100, tickMs: 100 });
      await c.bo.queue.join({ eventId: event.id, userId: 'ann' });
      const stranger = createBoxOffice({ store: new MemoryStore(), payments: c.gateway, queue: await c.harness.another(), queueOptions: { secret: QUEUE_TEST_SECRET } });
      try {
        await c.harness.advanceClock(1_100);
        await stranger.admitQueues();
        expect(await c.bo.queue.status({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'admitted', inventory: 'available' });
      } finally {
        await stranger.close();
      }
    });
  });
}
