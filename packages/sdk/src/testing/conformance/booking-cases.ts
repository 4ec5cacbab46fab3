import { describe, expect, it } from 'vitest';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

export function bookingCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('bookings', () => {
    const c = useCaseContext(factory, through);

    async function heldPair(userId = 'alice') {
      const { event } = await createHallEvent(c.bo);
      const [s1, s2] = await seatsOf(c.bo, event.id, 'A', 'A');
      const hold = await c.bo.hold({ eventId: event.id, userId, ticketIds: [s1!, s2!] });
      return { event, hold, seats: [s1!, s2!] };
    }

    it('confirms a hold: seats SOLD, payment captured, outbox written, audit clean', async () => {
      const { event, hold, seats } = await heldPair();
      const booking = await c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } });
      expect(booking).toMatchObject({ status: 'CONFIRMED', holdId: hold.id, userId: 'alice', eventId: event.id, total: 24_000, currency: 'EUR' });
      expect([...booking.ticketIds].sort()).toEqual([...seats].sort());
      const tickets = (await c.bo.getTickets(event.id)).filter((t) => seats.includes(t.id));
      expect(tickets.every((t) => t.status === 'SOLD' && t.bookingId === booking.id)).toBe(true);
      expect(c.gateway.ledger()).toEqual([expect.objectContaining({ paymentId: booking.paymentId, status: 'captured', amount: 24_000 })]);
      expect((await c.bo.getHold(hold.id)).status).toBe('CONFIRMED');
      const outbox = await c.bo.outbox();
      expect(outbox).toEqual([expect.objectContaining({ topic: 'booking.confirmed', aggregateId: booking.id, dispatchedAt: null })]);
      expect(c.events.at(-1)).toMatchObject({ reason: 'sale', changes: seats.map((ticketId) => ({ ticketId, status: 'SOLD' })) });
      expect((await c.bo.audit(event.id)).ok).toBe(true);
      expect(await c.bo.listBookings({ userId: 'alice' })).toEqual([booking]);
      expect(await codeOf(() => c.bo.getBooking(booking.id, 'mallory'))).toEqual({ code: 'NOT_FOUND', field: 'bookingId' });
      // Confirming again returns the same booking and charges nothing more.
      expect((await c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } })).id).toBe(booking.id);
      expect(c.gateway.ledger()).toHaveLength(1);
    });

    it('keeps the hold after a decline, then confirms with another card', async () => {
      const { hold } = await heldPair();
      for (const token of ['tok_declined', 'tok_insufficient_funds']) {
        expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token } }))).toEqual({
          code: 'PAYMENT_DECLINED',
          field: 'paymentDetails.token',
        });
      }
      expect((await c.bo.getHold(hold.id)).status).toBe('ACTIVE');
      const booking = await c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } });
      expect(booking.status).toBe('CONFIRMED');
      expect((await c.bo.audit()).ok).toBe(true);
    });

    it('neither sells nor keeps a charge when the gateway times out', async () => {
      const { event, hold } = await heldPair();
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_timeout' } }))).toMatchObject({
        code: 'PAYMENT_UNCERTAIN',
      });
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['voided']);
      expect((await c.bo.getTickets(event.id)).some((t) => t.status === 'SOLD')).toBe(false);
      expect((await c.bo.getHold(hold.id)).status).toBe('ACTIVE');
      expect((await c.bo.audit()).ok).toBe(true);
    });

    it('voids the authorization when the hold expired before confirm', async () => {
      const { hold } = await heldPair();
      await c.store.advanceClock(601_000);
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } }))).toMatchObject({ code: 'HOLD_EXPIRED' });
      expect(c.gateway.ledger().filter((e) => e.status === 'authorized' || e.status === 'captured')).toHaveLength(0);
    });

    it('replays an idempotent confirm and refuses a key reused for another request', async () => {
      const { hold } = await heldPair();
      const req = { holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' }, idempotencyKey: 'key-1' };
      // Two concurrent calls with one key: either may win; the other waits its turn or is told
      // the first is still running. Neither charges twice.
      const both = await Promise.all([0, 1].map(() => c.bo.confirm(req).catch((e: { code: string }) => e.code)));
      const winners = both.filter((r) => typeof r !== 'string');
      expect(winners.length).toBeGreaterThanOrEqual(1);
      const a = winners[0]!;
      expect(both.every((r) => (typeof r === 'string' ? r === 'IDEMPOTENCY_IN_PROGRESS' : r.id === a.id))).toBe(true);
      const again = await c.bo.confirm(req);
      expect(again.id).toBe(a.id);
      expect(c.gateway.ledger().filter((e) => e.status === 'captured')).toHaveLength(1);
      expect(await codeOf(() => c.bo.confirm({ ...req, paymentDetails: { token: 'tok_mastercard' } }))).toEqual({ code: 'IDEMPOTENCY_MISMATCH', field: 'idempotencyKey' });
      const declinedKey = { ...req, idempotencyKey: 'key-2', paymentDetails: { token: 'tok_declined' } };
      const other = await heldPair('bob');
      const bobReq = { ...declinedKey, holdId: other.hold.id, userId: 'bob' };
      expect(await codeOf(() => c.bo.confirm(bobReq))).toMatchObject({ code: 'PAYMENT_DECLINED' });
      expect(await codeOf(() => c.bo.confirm(bobReq))).toMatchObject({ code: 'PAYMENT_DECLINED' });
      expect(c.gateway.ledger()).toHaveLength(1);
    });

    it('books in one shot (the seed), and leaves nothing held when payment fails', async () => {
      const { event } = await createHallEvent(c.bo);
      const [s1, s2, s3] = await seatsOf(c.bo, event.id, 'B', 'B');
      const booking = await c.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [s1!, s2!], paymentDetails: { token: 'tok_visa' } });
      expect(booking.status).toBe('CONFIRMED');
      expect(await codeOf(() => c.bo.book({ eventId: event.id, userId: 'bob', ticketIds: [s3!], paymentDetails: { token: 'tok_declined' } }))).toMatchObject({
        code: 'PAYMENT_DECLINED',
      });
      expect((await c.bo.getTickets(event.id)).find((t) => t.id === s3)?.status).toBe('AVAILABLE');
      expect(await codeOf(() => c.bo.book({ eventId: event.id, userId: 'bob', ticketIds: [s1!], paymentDetails: { token: 'tok_visa' } }))).toMatchObject({
        code: 'SEAT_UNAVAILABLE',
      });
      expect(await codeOf(() => c.bo.book({ eventId: event.id, userId: 'bob', ticketIds: [s3!], paymentDetails: { token: '4242424242424242' } }))).toEqual({
        code: 'VALIDATION',
        field: 'paymentDetails.token',
      });
    });

    it('cancels a booking: seats back on sale, payment refunded, outbox written', async () => {
      const { event, hold, seats } = await heldPair();
      const booking = await c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } });
      expect(await codeOf(() => c.bo.cancelBooking({ bookingId: booking.id, userId: 'mallory' }))).toEqual({ code: 'NOT_FOUND', field: 'bookingId' });
      const cancelled = await c.bo.cancelBooking({ bookingId: booking.id, userId: 'alice' });
      expect(cancelled.status).toBe('CANCELLED');
      expect((await c.bo.getTickets(event.id)).filter((t) => seats.includes(t.id)).every((t) => t.status === 'AVAILABLE')).toBe(true);
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['refunded']);
      const outbox = await c.bo.outbox();
      expect(outbox.map((m) => m.topic)).toEqual(['booking.confirmed', 'booking.cancelled', 'payment.refunded']);
      expect(outbox[2]).toMatchObject({ aggregateId: booking.paymentId, payload: { paymentId: booking.paymentId, bookingId: booking.id, amount: booking.total } });
      expect((await c.bo.cancelBooking({ bookingId: booking.id, userId: 'alice' })).status).toBe('CANCELLED');
      expect((await c.bo.audit(event.id)).ok).toBe(true);
      const again = await c.bo.book({ eventId: event.id, userId: 'bob', ticketIds: seats, paymentDetails: { token: 'tok_visa' } });
      expect(again.status).toBe('CONFIRMED');
    });

    it('reconciles payments a crash left behind', async () => {
      const { hold } = await heldPair();
      // A confirm that died after authorizing: the attempt is recorded, the gateway holds money.
      const at = new Date(await c.store.now()).toISOString();
      await c.store.createPayment({
        id: 'pay_crashed', holdId: hold.id, userId: 'alice', bookingId: null, amount: hold.total, currency: hold.currency,
        status: 'AUTHORIZING', gatewayReference: null, failureReason: null, createdAt: at, updatedAt: at,
      });
      await c.gateway.authorize({ paymentId: 'pay_crashed', amount: hold.total, currency: hold.currency, token: 'tok_visa' });
      expect((await c.bo.reconcilePayments()).voided).toBe(0);
      await c.store.advanceClock(61_000);
      expect(await c.bo.reconcilePayments()).toMatchObject({ voided: 1 });
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['voided']);
      expect((await c.store.getPayment('pay_crashed'))?.status).toBe('VOIDED');
    });

    /** A confirm that authorized, then stalled a minute before its store step: the reconciler's prey. */
    async function stalledConfirm() {
      const { event, hold } = await heldPair();
      const at = new Date(await c.store.now()).toISOString();
      await c.store.createPayment({
        id: 'pay_slow', holdId: hold.id, userId: 'alice', bookingId: null, amount: hold.total, currency: hold.currency,
        status: 'AUTHORIZING', gatewayReference: null, failureReason: null, createdAt: at, updatedAt: at,
      });
      const auth = await c.gateway.authorize({ paymentId: 'pay_slow', amount: hold.total, currency: hold.currency, token: 'tok_visa' });
      await c.store.advanceClock(61_000); // the hold (600 s) is still good; the attempt looks abandoned
      const confirmStep = () =>
        c.store
          .confirmHold({
            holdId: hold.id, userId: 'alice', bookingId: 'bkg_slow', paymentId: 'pay_slow',
            gatewayReference: auth.status === 'authorized' ? auth.reference : '',
            outbox: { id: 'msg_slow', topic: 'booking.confirmed', payload: {} },
          })
          .then((r) => (r.ok ? 'sold' : r.reason), (e: { code?: string }) => e.code ?? 'error');
      return { event, hold, confirmStep };
    }

    it('lets a confirm that lands during the reconciler\'s void sell nothing on the voided payment', async () => {
      const { event, confirmStep } = await stalledConfirm();
      // The confirm's store step runs while the reconciler is at the gateway voiding.
      let confirmed: string | undefined;
      const gatewayVoid = c.gateway.void.bind(c.gateway);
      c.gateway.void = async (req) => {
        confirmed ??= await confirmStep();
        return gatewayVoid(req);
      };
      expect(await c.bo.reconcilePayments()).toMatchObject({ voided: 1 });
      expect(confirmed).toBe('CONFLICT');
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['voided']);
      expect((await c.store.getPayment('pay_slow'))?.status).toBe('VOIDED');
      expect((await c.bo.getTickets(event.id)).some((t) => t.status === 'SOLD')).toBe(false);
      expect((await c.bo.audit(event.id)).ok).toBe(true);
    });

    it('does not void at the gateway a payment a confirm took while the reconciler was looking', async () => {
      const { event, confirmStep } = await stalledConfirm();
      // The confirm's store step commits after the reconciler listed the payment as abandoned.
      let confirmed: string | undefined;
      const list = c.store.listPaymentsToReconcile.bind(c.store);
      c.store.listPaymentsToReconcile = async (...args) => {
        const found = await list(...args);
        if (found.some((p) => p.id === 'pay_slow')) confirmed ??= await confirmStep();
        return found;
      };
      try {
        expect(await c.bo.reconcilePayments()).toMatchObject({ voided: 0 });
      } finally {
        c.store.listPaymentsToReconcile = list;
      }
      expect(confirmed).toBe('sold');
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['authorized']);
      expect((await c.store.getPayment('pay_slow'))?.status).toBe('AUTHORIZED');
      expect((await c.bo.getBooking('bkg_slow')).status).toBe('CONFIRMED');
      expect((await c.bo.audit(event.id)).ok).toBe(true);
    });

    it('retries a claimed void the gateway could not make until it goes through', async () => {
      await stalledConfirm();
      c.gateway.simulateOutage('void');
      expect(await c.bo.reconcilePayments()).toMatchObject({ voided: 0, stillUncertain: 1 });
      expect((await c.store.getPayment('pay_slow'))?.status).toBe('VOIDING');
      c.gateway.simulateOutage();
      await c.store.advanceClock(6_000);
      expect(await c.bo.reconcilePayments()).toMatchObject({ voided: 1, stillUncertain: 0 });
      expect((await c.store.getPayment('pay_slow'))?.status).toBe('VOIDED');
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['voided']);
    });

    it('owes a refund the gateway could not make: the payment stays REFUNDING until the reconciler gets it through', async () => {
      const { event, hold } = await heldPair();
      const booking = await c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } });
      c.gateway.simulateOutage('refund');
      expect((await c.bo.cancelBooking({ bookingId: booking.id, userId: 'alice' })).status).toBe('CANCELLED');
      expect((await c.store.getPayment(booking.paymentId))?.status).toBe('REFUNDING');
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['captured']);
      // Nothing is announced that did not happen: no payment.refunded yet.
      expect((await c.bo.outbox()).map((m) => m.topic)).toEqual(['booking.confirmed', 'booking.cancelled']);
      await c.store.advanceClock(61_000);
      expect(await c.bo.reconcilePayments()).toMatchObject({ refunded: 0, stillUncertain: 1 });
      c.gateway.simulateOutage();
      expect(await c.bo.reconcilePayments()).toMatchObject({ refunded: 1, stillUncertain: 0 });
      expect(c.gateway.ledger().map((e) => e.status)).toEqual(['refunded']);
      expect((await c.store.getPayment(booking.paymentId))?.status).toBe('REFUNDED');
      expect((await c.bo.outbox()).map((m) => m.topic)).toEqual(['booking.confirmed', 'booking.cancelled', 'payment.refunded']);
      expect(await c.bo.reconcilePayments()).toMatchObject({ refunded: 0, stillUncertain: 0 });
      expect((await c.bo.audit(event.id)).ok).toBe(true);
    });
  });
}
