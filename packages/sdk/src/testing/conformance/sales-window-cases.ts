import { describe, expect, it } from 'vitest';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Sales windows: holds, confirms and bookings only while the event sells, by the store's clock. */
export function salesWindowCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('sales windows', () => {
    const c = useCaseContext(factory, through);
    const visa = { token: 'tok_visa' };

    it('refuses holds and bookings once the event has started (the default sales end), by the store clock', async () => {
      const { event } = await createHallEvent(c.bo, { startsAt: new Date(Date.now() + 2 * HOUR).toISOString() });
      expect(event.salesEndAt).toBe(event.startsAt);
      const [s1, s2] = await seatsOf(c.bo, event.id, 'A', 'A');
      await c.store.advanceClock(3 * HOUR);
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'u', ticketIds: [s1!] }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'u', best: { quantity: 1 } }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
      expect(await codeOf(() => c.bo.book({ eventId: event.id, userId: 'u', ticketIds: [s2!], paymentDetails: visa }))).toEqual({
        code: 'EVENT_NOT_ON_SALE',
        field: 'eventId',
      });
      expect(c.gateway.ledger()).toEqual([]);
      expect((await c.bo.getTickets(event.id)).every((t) => t.status === 'AVAILABLE')).toBe(true);
    });

    it('stops at a sales end set before the start, and refuses a sales end outside the event', async () => {
      const salesEndAt = new Date(Date.now() + 30 * MINUTE).toISOString();
      const { event } = await createHallEvent(c.bo, { startsAt: new Date(Date.now() + 5 * HOUR).toISOString(), salesEndAt });
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      expect((await c.bo.hold({ eventId: event.id, userId: 'u', ticketIds: [s1!] })).status).toBe('ACTIVE');
      await c.store.advanceClock(HOUR);
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'v', best: { quantity: 1 } }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
      const startsAt = new Date(Date.now() + 5 * HOUR).toISOString();
      const late = new Date(Date.now() + 20 * HOUR).toISOString();
      expect(await codeOf(() => createHallEvent(c.bo, { startsAt, salesEndAt: late }))).toEqual({ code: 'VALIDATION', field: 'salesEndAt' });
      expect(await codeOf(() => createHallEvent(c.bo, { startsAt, refundDeadlineAt: late }))).toEqual({ code: 'VALIDATION', field: 'refundDeadlineAt' });
      const early = new Date(Date.now() - 2 * MINUTE).toISOString();
      expect(await codeOf(() => createHallEvent(c.bo, { startsAt, salesEndAt: early }))).toEqual({ code: 'VALIDATION', field: 'salesEndAt' });
    });

    it('refuses one-shot bookings on cancelled and postponed events', async () => {
      for (const status of ['CANCELLED', 'POSTPONED'] as const) {
        const { event } = await createHallEvent(c.bo);
        const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
        await c.bo.updateEvent(event.id, { status });
        expect(await codeOf(() => c.bo.book({ eventId: event.id, userId: 'u', ticketIds: [s1!], paymentDetails: visa }))).toEqual({
          code: 'EVENT_NOT_ON_SALE',
          field: 'eventId',
        });
      }
      expect(c.gateway.ledger()).toEqual([]);
    });

    it('refuses to confirm a hold whose event was cancelled after the hold, charging nothing', async () => {
      const { event } = await createHallEvent(c.bo);
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!] });
      await c.bo.updateEvent(event.id, { status: 'CANCELLED' });
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: visa }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'holdId' });
      expect(c.gateway.ledger()).toEqual([]);
      expect((await c.bo.getTickets(event.id)).some((t) => t.status === 'SOLD')).toBe(false);
      expect(await c.bo.listBookings({ eventId: event.id })).toEqual([]);
    });

    it('refuses to confirm a hold once the sales end passed, even with the hold still running', async () => {
      const { event } = await createHallEvent(c.bo, { salesEndAt: new Date(Date.now() + 5 * MINUTE).toISOString() });
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!] });
      await c.store.advanceClock(6 * MINUTE);
      expect((await c.bo.getHold(hold.id)).status).toBe('ACTIVE');
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: visa }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'holdId' });
      expect(c.gateway.ledger()).toEqual([]);
      expect((await c.bo.getTickets(event.id)).some((t) => t.status === 'SOLD')).toBe(false);
    });

    it('voids the authorization when the event is cancelled between the check and the sale', async () => {
      const { event } = await createHallEvent(c.bo);
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!] });
      // The operator's cancel lands while the card is being authorized: after the service's
      // check, before the store's sale. Only the store's own check can stop this sale.
      const authorize = c.gateway.authorize.bind(c.gateway);
      c.gateway.authorize = async (req) => {
        const result = await authorize(req);
        const stored = await c.store.getEvent(event.id);
        await c.store.updateEvent({ ...stored!, status: 'CANCELLED' });
        return result;
      };
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: visa }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'holdId' });
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['voided']);
      expect((await c.store.getTickets(event.id)).some((t) => t.status === 'SOLD')).toBe(false);
      expect(await c.bo.listBookings({ eventId: event.id })).toEqual([]);
      expect((await c.bo.audit(event.id)).ok).toBe(true);
    });

    it("refuses a user's cancel after the refund deadline, and lets an operator cancel and refund", async () => {
      const refundDeadlineAt = new Date(Date.now() + 5 * MINUTE).toISOString();
      const { event } = await createHallEvent(c.bo, { startsAt: new Date(Date.now() + 2 * HOUR).toISOString(), refundDeadlineAt });
      expect(event.refundDeadlineAt).toBe(refundDeadlineAt);
      const [s1, s2] = await seatsOf(c.bo, event.id, 'A', 'A');
      const early = await c.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [s1!], paymentDetails: visa });
      const late = await c.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [s2!], paymentDetails: visa });
      expect((await c.bo.cancelBooking({ bookingId: early.id, userId: 'alice' })).status).toBe('CANCELLED');
      await c.store.advanceClock(10 * MINUTE);
      expect(await codeOf(() => c.bo.cancelBooking({ bookingId: late.id, userId: 'alice' }))).toEqual({ code: 'REFUND_DEADLINE_PASSED', field: 'bookingId' });
      expect((await c.bo.getBooking(late.id)).status).toBe('CONFIRMED');
      expect(c.gateway.ledger().find((e) => e.paymentId === late.paymentId)?.status).toBe('captured');
      expect((await c.bo.cancelBooking({ bookingId: late.id, userId: 'alice', asOperator: true })).status).toBe('CANCELLED');
      expect(c.gateway.ledger().find((e) => e.paymentId === late.paymentId)?.status).toBe('refunded');
      expect((await c.bo.audit(event.id)).ok).toBe(true);
    });

    it("judges a user's refund deadline inside the store's cancel, by its clock at that moment", async () => {
      // The service makes no check of its own before the store's cancel (a check-then-act could
      // pass and then commit after the deadline): the store alone decides, and changes nothing.
      const refundDeadlineAt = new Date(Date.now() + 5 * MINUTE).toISOString();
      const { event } = await createHallEvent(c.bo, { startsAt: new Date(Date.now() + 2 * HOUR).toISOString(), refundDeadlineAt });
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const booking = await c.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [s1!], paymentDetails: visa });
      const outbox = { id: `msg_x${booking.id.slice(4)}`, topic: 'booking.cancelled' as const, payload: { bookingId: booking.id } };
      await c.store.advanceClock(5 * MINUTE + 1_000);
      expect(await c.store.cancelBooking({ bookingId: booking.id, outbox, beforeRefundDeadline: true })).toEqual({
        ok: false,
        reason: 'REFUND_DEADLINE_PASSED',
        eventId: event.id,
        refundDeadlineAt,
      });
      expect((await c.store.getBooking(booking.id))?.status).toBe('CONFIRMED');
      expect((await c.store.getPayment(booking.paymentId))?.status).toBe('CAPTURED');
      expect((await c.store.getTickets(event.id)).find((t) => t.id === s1)?.status).toBe('SOLD');
      // An operator's cancel (no deadline) goes through in the same state.
      const done = await c.store.cancelBooking({ bookingId: booking.id, outbox });
      expect(done.ok && done.booking.status).toBe('CANCELLED');
    });

    it('refuses impossible, zone-less and far-off dates, naming the field', async () => {
      const startsAt = '2031-05-01T20:00:00Z';
      const bad: Array<[Record<string, string>, string]> = [
        [{ startsAt: '2027-02-30T00:00:00Z' }, 'startsAt'],
        [{ startsAt: '0001-01-01T00:00:00Z' }, 'startsAt'],
        [{ startsAt: '2031-05-01T20:00:00' }, 'startsAt'],
        [{ startsAt: '2031-05-01T24:30:00Z' }, 'startsAt'],
        [{ startsAt, endsAt: '2031-04-31T23:00:00Z' }, 'endsAt'],
        [{ startsAt, onSaleAt: '2031-13-01T00:00:00Z' }, 'onSaleAt'],
        [{ startsAt, salesEndAt: '2101-01-01T00:00:00Z' }, 'salesEndAt'],
      ];
      for (const [overrides, field] of bad) {
        expect(await codeOf(() => createHallEvent(c.bo, overrides)), JSON.stringify(overrides)).toEqual({ code: 'VALIDATION', field });
      }
      const { event } = await createHallEvent(c.bo, { startsAt: '2031-05-01T22:00:00+02:00' });
      expect(event.startsAt).toBe('2031-05-01T20:00:00.000Z');
      expect(await codeOf(() => c.bo.updateEvent(event.id, { refundDeadlineAt: '2031-02-29T00:00:00Z' }))).toEqual({ code: 'VALIDATION', field: 'refundDeadlineAt' });
      expect(await codeOf(() => c.bo.updateEvent(event.id, { salesEndAt: '2031-06-01T00:00:00Z' }))).toEqual({ code: 'VALIDATION', field: 'salesEndAt' });
      expect((await c.bo.getEvent(event.id)).salesEndAt).toBe(event.salesEndAt);
    });
  });
}
