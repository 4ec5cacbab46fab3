import { describe, expect, it } from 'vitest';
import { createHall, createHallEvent, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

/**
 * The grouped surface (`bo.events`, `bo.holds`, `bo.bookings`…): per-call options, pages with
 * totals, `for await` over every page, and the 0.1 flat names agreeing with it.
 */
export function resourceCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('grouped resources', () => {
    const c = useCaseContext(factory, through);

    it('sells through bo.holds and bo.bookings with the user and the key as call options', async () => {
      const { event } = await createHallEvent(c.bo);
      const seats = (await seatsOf(c.bo, event.id, 'A', 'A')).slice(0, 2);
      const hold = await c.bo.holds.create({ eventId: event.id, ticketIds: seats }, { userId: 'alice', idempotencyKey: 'hold-alice-1' });
      expect(hold).toMatchObject({ status: 'ACTIVE', userId: 'alice', eventId: event.id });
      // The same key answers the same hold, never a second one.
      expect((await c.bo.holds.create({ eventId: event.id, ticketIds: seats }, { userId: 'alice', idempotencyKey: 'hold-alice-1' })).id).toBe(hold.id);
      expect((await c.bo.holds.get(hold.id, { userId: 'alice' })).id).toBe(hold.id);
      expect(await codeOf(() => c.bo.holds.get(hold.id, { userId: 'mallory' }))).toEqual({ code: 'NOT_FOUND', field: 'holdId' });

      const booking = await c.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'alice', idempotencyKey: 'pay-alice-1' });
      expect(booking).toMatchObject({ status: 'CONFIRMED', userId: 'alice', holdId: hold.id });
      expect((await c.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'alice', idempotencyKey: 'pay-alice-1' })).id).toBe(booking.id);
      expect(c.gateway.ledger()).toHaveLength(1);
      expect((await c.bo.bookings.get(booking.id, { userId: 'alice' })).id).toBe(booking.id);
      // The flat 0.1 names read the same records.
      expect((await c.bo.getBooking(booking.id, 'alice')).id).toBe(booking.id);

      const cancelled = await c.bo.bookings.cancel(booking.id, { userId: 'alice' });
      expect(cancelled.status).toBe('CANCELLED');
      expect((await c.bo.operations.audit(event.id)).ok).toBe(true);
    });

    it('acts for the token\'s user when a buyer call does not say who buys (in-process: names userId)', async () => {
      const { event } = await createHallEvent(c.bo);
      if (c.actsAs === undefined) {
        // Nothing says who buys in-process: the call names the missing field.
        expect(c.bo.storeKind).not.toBe('remote');
        expect(await codeOf(() => c.bo.holds.create({ eventId: event.id, best: { quantity: 1 } }))).toEqual({ code: 'VALIDATION', field: 'userId' });
        expect(await codeOf(() => c.bo.queue.join({ eventId: event.id }))).toEqual({ code: 'VALIDATION', field: 'userId' });
        return;
      }
      // Over HTTP the token says who buys: what the call makes belongs to the token's user.
      const hold = await c.bo.holds.create({ eventId: event.id, best: { quantity: 1 } });
      expect(hold.userId).toBe(c.actsAs);
      expect((await c.bo.holds.get(hold.id, { userId: c.actsAs })).id).toBe(hold.id);
      expect(await codeOf(() => c.bo.holds.get(hold.id, { userId: 'somebody-else' }))).toEqual({ code: 'NOT_FOUND', field: 'holdId' });
      const booking = await c.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } });
      expect(booking.userId).toBe(c.actsAs);
      await c.bo.queue.configure(event.id, { enabled: true });
      expect((await c.bo.queue.join({ eventId: event.id })).userId).toBe(c.actsAs);
      expect((await c.bo.queue.status({ eventId: event.id }, { userId: c.actsAs })).userId).toBe(c.actsAs);
    });

    it('releases a hold by id for its user', async () => {
      const { event } = await createHallEvent(c.bo);
      const hold = await c.bo.holds.create({ eventId: event.id, best: { quantity: 2 } }, { userId: 'bob' });
      expect(await codeOf(() => c.bo.holds.release(hold.id, { userId: 'mallory' }))).toEqual({ code: 'NOT_FOUND', field: 'holdId' });
      expect((await c.bo.holds.release(hold.id, { userId: 'bob' })).status).toBe('RELEASED');
      const tickets = await c.bo.events.tickets(event.id);
      expect(tickets.filter((t) => hold.ticketIds.includes(t.id)).every((t) => t.status === 'AVAILABLE')).toBe(true);
    });

    it('pages events with a total and walks every page with for await', async () => {
      const venue = await createHall(c.bo);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { event } = await createHallEvent(c.bo, { venueId: venue.id, title: `Paged night ${i}` });
        created.push(event.id);
      }
      const first = await c.bo.events.list({ pageSize: 2 });
      expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2, hasMore: true });
      expect(first.items).toHaveLength(2);
      const last = await c.bo.events.list({ pageSize: 2, page: 3 });
      expect(last).toMatchObject({ total: 5, page: 3, hasMore: false });
      expect(last.items).toHaveLength(1);

      const walked: string[] = [];
      for await (const event of c.bo.events.list({ pageSize: 2 })) walked.push(event.id);
      expect(walked.sort()).toEqual([...created].sort());
      // From page 2 on: the three events of pages 2 and 3.
      const fromTwo: string[] = [];
      for await (const event of c.bo.events.list({ pageSize: 2, page: 2 })) fromTwo.push(event.id);
      expect(fromTwo).toHaveLength(3);
      expect(await codeOf(() => c.bo.events.list({ pageSize: 0 }))).toEqual({ code: 'VALIDATION', field: 'pageSize' });
    });

    it("pages a user's bookings, newest first, with a total", async () => {
      const { event } = await createHallEvent(c.bo);
      const seats = await seatsOf(c.bo, event.id, 'B', 'A');
      const booked: string[] = [];
      for (const seat of seats.slice(0, 3)) {
        const hold = await c.bo.holds.create({ eventId: event.id, ticketIds: [seat] }, { userId: 'carol' });
        booked.push((await c.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'carol' })).id);
      }
      const other = await c.bo.holds.create({ eventId: event.id, ticketIds: [seats[3]!] }, { userId: 'dave' });
      await c.bo.bookings.confirm({ holdId: other.id, paymentDetails: { token: 'tok_visa' } }, { userId: 'dave' });

      const page = await c.bo.bookings.list({ pageSize: 2 }, { userId: 'carol' });
      expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2, hasMore: true });
      const all: string[] = [];
      for await (const booking of c.bo.bookings.list({ pageSize: 2 }, { userId: 'carol' })) all.push(booking.id);
      expect(all.sort()).toEqual([...booked].sort());
      // An operator (no user named) sees everyone's bookings of the event.
      expect((await c.bo.bookings.list({ eventId: event.id })).total).toBe(4);
      expect((await c.bo.listBookings({ userId: 'carol', pageSize: 500 })).map((b) => b.id).sort()).toEqual([...booked].sort());
    });

    it('configures and reads a queue through bo.queue', async () => {
      const { event } = await createHallEvent(c.bo);
      const stats = await c.bo.queue.configure(event.id, { enabled: true });
      expect(stats).toMatchObject({ eventId: event.id, settings: { enabled: true }, paused: false });
      expect((await c.bo.queue.pause(event.id)).paused).toBe(true);
      expect((await c.bo.queue.resume(event.id)).paused).toBe(false);
      const ticket = await c.bo.queue.join({ eventId: event.id }, { userId: 'erin' });
      expect(ticket).toMatchObject({ eventId: event.id, userId: 'erin' });
      expect((await c.bo.queue.status({ eventId: event.id }, { userId: 'erin' })).userId).toBe('erin');
      expect((await c.bo.queue.stats(event.id)).eventId).toBe(event.id);
    });
  });
}
