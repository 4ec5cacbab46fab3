import { describe, expect, it } from 'vitest';
import { availabilityBits, isAvailableAt } from '../../domain/availability-bits.js';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

/** `getAvailability` (optional): the cheap per-hold read must say what `getSnapshot` says. */
export function availabilityCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('availability reads', () => {
    const c = useCaseContext(factory, through);

    /** Reads both ways; checks they agree seat by seat and returns the view with the snapshot. */
    async function read(eventId: string) {
      const snapshot = await c.store.getSnapshot(eventId);
      const view = await c.store.getAvailability!(eventId);
      expect(view).not.toBeNull();
      expect(view!.size).toBe(snapshot.length);
      expect(view!.available).toEqual(availabilityBits(snapshot.map((s) => s.available)));
      const at = (id: string) => isAvailableAt(view!.available, snapshot.findIndex((s) => s.id === id));
      return { view: view!, at };
    }

    it('agrees with the snapshot through hold, expiry, release, sale and cancel; layout version stays', async (t) => {
      if (!c.store.getAvailability) t.skip();
      const { event } = await createHallEvent(c.bo, { holdTtlSeconds: 60 });
      const [s1, s2, s3] = await seatsOf(c.bo, event.id, 'A', 'A');
      const fresh = await read(event.id);
      expect(fresh.at(s1!) && fresh.at(s2!) && fresh.at(s3!)).toBe(true);

      const held = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!, s2!] });
      let now = await read(event.id);
      expect([now.at(s1!), now.at(s2!), now.at(s3!)]).toEqual([false, false, true]);

      // Expiry needs no sweep: past the TTL the seats read as available at once.
      await c.store.advanceClock(61_000);
      now = await read(event.id);
      expect([now.at(s1!), now.at(s2!)]).toEqual([true, true]);
      expect((await c.bo.getHold(held.id)).status).toBe('EXPIRED');

      const bobs = await c.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [s1!, s2!] });
      expect([(await read(event.id)).at(s1!), (await read(event.id)).at(s2!)]).toEqual([false, false]);
      await c.bo.releaseHold({ holdId: bobs.id, userId: 'bob' });
      expect((await read(event.id)).at(s1!)).toBe(true);

      const carols = await c.bo.hold({ eventId: event.id, userId: 'carol', ticketIds: [s2!, s3!] });
      const booking = await c.bo.confirm({ holdId: carols.id, userId: 'carol', paymentDetails: { token: 'tok_visa' } });
      // Sold seats stay unavailable however far the clock moves.
      await c.store.advanceClock(3_600_000);
      now = await read(event.id);
      expect([now.at(s1!), now.at(s2!), now.at(s3!)]).toEqual([true, false, false]);
      await c.bo.cancelBooking({ bookingId: booking.id, userId: 'carol' });
      now = await read(event.id);
      expect([now.at(s2!), now.at(s3!)]).toEqual([true, true]);

      // Status changes are not layout changes: a cached layout stays valid.
      expect(now.view.layoutVersion).toBe(fresh.view.layoutVersion);
    });

    it('reads null for an unknown event, and a layout version per event', async (t) => {
      if (!c.store.getAvailability) t.skip();
      expect(await c.store.getAvailability!('evt_nonexistent')).toBeNull();
      const one = await createHallEvent(c.bo);
      const two = await createHallEvent(c.bo);
      const [a, b] = [await c.store.getAvailability!(one.event.id), await c.store.getAvailability!(two.event.id)];
      expect(a!.layoutVersion).not.toBe(b!.layoutVersion);
    });
  });
}
