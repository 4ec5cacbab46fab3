import { BoxOfficeError, notFound } from '../domain/errors.js';
import { notOnSale } from '../domain/sales-window.js';
import { pageOf, type Page } from '../domain/page.js';
import { bookInput, cancelInput, confirmInput, idOf, userIdSchema } from '../domain/schemas.js';
import type { BookInput, CancelInput, ConfirmInput } from '../domain/inputs.js';
import type { Booking, Hold, Payment } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import { PaymentOutcomeUnknownError } from '../ports/payments.js';
import type { ConfirmResult, PaymentChange } from '../ports/store.js';
import type { ServiceContext } from './context.js';
import type { HoldService } from './hold-service.js';
import { withIdempotency } from './idempotency.js';

/**
 * Confirming a hold with payment, one-shot booking, and cancellation with refund.
 *
 * Order of a confirm: record the payment attempt → authorize → in ONE store transaction
 * tickets RESERVED→SOLD + booking + payment link + outbox → capture. If the seats were lost
 * (the hold expired or was taken) the authorization is voided: a charge is never kept
 * without tickets, and tickets are never sold without an authorized payment.
 */
export class BookingService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly holds: HoldService,
  ) {}

  async confirm(input: ConfirmInput): Promise<Booking> {
    const req = parseInput(confirmInput, input);
    return withIdempotency(
      this.ctx.store,
      { scope: `confirm:${req.userId}`, key: req.idempotencyKey, request: { ...req, idempotencyKey: undefined } },
      async () => {
        const { hold, now } = await this.holds.getHoldAt(req.holdId, req.userId);
        if (hold.status === 'CONFIRMED') return this.existingBooking(hold);
        if (hold.status === 'EXPIRED') throw holdExpired(hold);
        if (hold.status !== 'ACTIVE') {
          throw new BoxOfficeError('HOLD_NOT_ACTIVE', `hold ${hold.id} is ${hold.status.toLowerCase()}`, { field: 'holdId' });
        }
        // Never authorize for an event that stopped selling (the store re-checks at the sale).
        await this.holds.requireOnSale(hold.eventId, now, 'holdId');
        return this.pay(hold, req.paymentDetails.token, now);
      },
    );
  }

  /** The seed's one-shot booking: hold the named tickets, then confirm with payment. */
  async book(input: BookInput): Promise<Booking> {
    const req = parseInput(bookInput, input);
    return withIdempotency(
      this.ctx.store,
      { scope: `book:${req.userId}`, key: req.idempotencyKey, request: { ...req, idempotencyKey: undefined } },
      async () => {
        const hold = await this.holds.hold({ eventId: req.eventId, userId: req.userId, ticketIds: req.ticketIds, admissionToken: req.admissionToken });
        try {
          return await this.pay(hold, req.paymentDetails.token, await this.ctx.store.now());
        } catch (error) {
          // A one-shot booking that did not complete leaves nothing held behind.
          await this.holds.release({ holdId: hold.id, userId: req.userId }).catch(() => undefined);
          throw error;
        }
      },
    );
  }

  /** `now`: the store's clock, read by the caller (it stamps the payment attempt). */
  private async pay(hold: Hold, token: string, now: number): Promise<Booking> {
    const { store, payments, ids } = this.ctx;
    const paymentId = ids('payment');
    const at = new Date(now).toISOString();
    await store.createPayment({
      id: paymentId,
      holdId: hold.id,
      userId: hold.userId,
      bookingId: null,
      amount: hold.total,
      currency: hold.currency,
      status: 'AUTHORIZING',
      gatewayReference: null,
      failureReason: null,
      createdAt: at,
      updatedAt: at,
    });

    let reference: string;
    try {
      const auth = await payments.authorize({ paymentId, amount: hold.total, currency: hold.currency, token });
      if (auth.status === 'declined') {
        await store.updatePayment(paymentId, { from: ['AUTHORIZING'], status: 'DECLINED', failureReason: auth.reason });
        throw new BoxOfficeError('PAYMENT_DECLINED', `the payment was declined (${auth.reason}); the hold is kept until it expires`, {
          field: 'paymentDetails.token',
          details: { reason: auth.reason, holdId: hold.id, expiresAt: hold.expiresAt },
        });
      }
      reference = auth.reference;
    } catch (error) {
      if (error instanceof BoxOfficeError) throw error;
      await this.voidUnknown(paymentId, error);
      throw new BoxOfficeError('PAYMENT_UNCERTAIN', 'the payment provider did not answer; no charge was kept and nothing was sold; try again', {
        details: { holdId: hold.id },
        cause: error,
      });
    }

    const bookingId = ids('booking');
    const result = await store.confirmHold({
      holdId: hold.id,
      userId: hold.userId,
      bookingId,
      paymentId,
      gatewayReference: reference,
      outbox: {
        id: `msg_${bookingId.slice(4)}`,
        topic: 'booking.confirmed',
        payload: { bookingId, eventId: hold.eventId, userId: hold.userId, ticketIds: hold.ticketIds, total: hold.total, currency: hold.currency },
      },
    });
    if (!result.ok) return this.lostSeats(hold, paymentId, result);

    const booking = result.booking;
    this.holds.announce(booking.eventId, 'sale', booking.ticketIds.map((ticketId) => ({ ticketId, status: 'SOLD' as const })));
    try {
      await payments.capture({ paymentId, reference, amount: booking.total });
      await store.updatePayment(paymentId, { from: ['AUTHORIZED'], status: 'CAPTURED' });
    } catch {
      // The booking stands on its authorization; the reconciler retries the capture.
    }
    return booking;
  }

  /** The seats were lost between authorize and confirm: give the money back. */
  private async lostSeats(hold: Hold, paymentId: string, result: Extract<ConfirmResult, { ok: false }>): Promise<Booking> {
    await this.ctx.payments.void({ paymentId }).then(
      () => this.ctx.store.updatePayment(paymentId, { from: ['AUTHORIZING'], status: 'VOIDED', failureReason: result.reason }),
      () => this.ctx.store.updatePayment(paymentId, { from: ['AUTHORIZING'], status: 'UNCERTAIN', failureReason: result.reason }),
    );
    switch (result.reason) {
      case 'HOLD_EXPIRED':
        throw holdExpired(hold);
      case 'HOLD_NOT_ACTIVE': {
        // A concurrent confirm of the same hold won: hand its booking back to this retry.
        const winner = await this.ctx.store.getBookingByHold(hold.id);
        if (winner && winner.userId === hold.userId) return winner;
        throw new BoxOfficeError('HOLD_NOT_ACTIVE', `hold ${hold.id} is no longer active`, { field: 'holdId' });
      }
      case 'HOLD_NOT_FOUND':
      case 'FORBIDDEN':
        throw notFound('hold', hold.id, 'holdId');
      case 'EVENT_NOT_ON_SALE':
        throw notOnSale(hold.eventId, result.block, 'holdId');
    }
  }

  private async voidUnknown(paymentId: string, cause: unknown): Promise<void> {
    const reason = cause instanceof PaymentOutcomeUnknownError ? 'outcome_unknown' : 'gateway_error';
    try {
      await this.ctx.payments.void({ paymentId });
      await this.ctx.store.updatePayment(paymentId, { from: ['AUTHORIZING'], status: 'VOIDED', failureReason: reason });
    } catch {
      await this.ctx.store.updatePayment(paymentId, { from: ['AUTHORIZING'], status: 'UNCERTAIN', failureReason: reason });
    }
  }

  private async existingBooking(hold: Hold): Promise<Booking> {
    const booking = await this.ctx.store.getBookingByHold(hold.id);
    if (!booking) throw new BoxOfficeError('INTERNAL', `hold ${hold.id} is confirmed but has no booking`);
    return booking;
  }

  /** Cancels a confirmed booking: seats back on sale, payment refunded, outbox message. */
  async cancel(input: CancelInput): Promise<Booking> {
    const req = parseInput(cancelInput, input);
    return withIdempotency(
      this.ctx.store,
      { scope: `cancel:${req.userId}`, key: req.idempotencyKey, request: { ...req, idempotencyKey: undefined } },
      async () => {
        const booking = await this.getBooking(req.bookingId, req.userId);
        if (booking.status === 'CANCELLED') return booking;
        // A user's deadline is judged by the store inside the cancel (see CancelRequest), never
        // by a read before it: a check-then-act here would let a cancel that passed the check
        // commit after the deadline, or after an operator moved the deadline earlier.
        const result = await this.ctx.store.cancelBooking({
          bookingId: booking.id,
          outbox: { id: `msg_c${booking.id.slice(4)}`, topic: 'booking.cancelled', payload: { bookingId: booking.id, eventId: booking.eventId, userId: booking.userId } },
          beforeRefundDeadline: !req.asOperator,
        });
        if (!result.ok) {
          if (result.reason === 'NOT_FOUND') throw notFound('booking', booking.id, 'bookingId');
          if (result.reason === 'REFUND_DEADLINE_PASSED') throw refundDeadlinePassed(result.eventId, result.refundDeadlineAt);
          return (await this.ctx.store.getBooking(booking.id)) ?? booking;
        }
        this.holds.announce(booking.eventId, 'cancel', result.changes);
        await this.refund(booking);
        return result.booking;
      },
    );
  }

  private async refund(booking: Booking): Promise<void> {
    const payment = await this.ctx.store.getPayment(booking.paymentId);
    if (!payment || payment.gatewayReference === null) return;
    try {
      await this.ctx.payments.refund({ paymentId: payment.id, reference: payment.gatewayReference, amount: payment.amount });
      await this.ctx.store.updatePayment(payment.id, { from: ['REFUNDING', 'AUTHORIZED', 'CAPTURED'], status: 'REFUNDED', outbox: refundedMessage(payment) });
    } catch {
      // The cancel left the payment REFUNDING: the reconciler retries the refund until it goes through.
    }
  }

  async getBooking(bookingId: string, userId?: string): Promise<Booking> {
    parseInput(idOf('booking'), bookingId, 'bookingId');
    if (userId !== undefined) parseInput(userIdSchema, userId, 'userId');
    const booking = await this.ctx.store.getBooking(bookingId);
    if (!booking || (userId !== undefined && booking.userId !== userId)) throw notFound('booking', bookingId, 'bookingId');
    return booking;
  }

  async listBookings(filter: { userId?: string; eventId?: string; page?: number; pageSize?: number }): Promise<Page<Booking>> {
    if (filter.userId !== undefined) parseInput(userIdSchema, filter.userId, 'userId');
    if (filter.eventId !== undefined) parseInput(idOf('event'), filter.eventId, 'eventId');
    const pageSize = filter.pageSize ?? 50;
    const page = filter.page ?? 1;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new BoxOfficeError('VALIDATION', 'pageSize: must be 1-500', { field: 'pageSize' });
    if (!Number.isInteger(page) || page < 1) throw new BoxOfficeError('VALIDATION', 'page: must be at least 1', { field: 'page' });
    const matching = {
      ...(filter.userId === undefined ? {} : { userId: filter.userId }),
      ...(filter.eventId === undefined ? {} : { eventId: filter.eventId }),
    };
    const [items, total] = await Promise.all([
      this.ctx.store.listBookings({ ...matching, limit: pageSize, offset: (page - 1) * pageSize }),
      this.ctx.store.countBookings(matching),
    ]);
    return pageOf(items, total, page, pageSize);
  }
}

/** The `payment.refunded` outbox message, written with the payment's move to REFUNDED. */
export function refundedMessage(payment: Payment): NonNullable<PaymentChange['outbox']> {
  return {
    id: `msg_r${payment.id.slice(4)}`,
    topic: 'payment.refunded',
    payload: { paymentId: payment.id, bookingId: payment.bookingId, userId: payment.userId, amount: payment.amount, currency: payment.currency },
  };
}

function refundDeadlinePassed(eventId: string, refundDeadlineAt: string): BoxOfficeError {
  return new BoxOfficeError('REFUND_DEADLINE_PASSED', `bookings of event ${eventId} could be cancelled until ${refundDeadlineAt}; ask the organiser`, {
    field: 'bookingId',
    details: { refundDeadlineAt },
  });
}

function holdExpired(hold: Hold): BoxOfficeError {
  return new BoxOfficeError('HOLD_EXPIRED', `hold ${hold.id} expired at ${hold.expiresAt}; its seats may have been taken`, {
    field: 'holdId',
    details: { expiresAt: hold.expiresAt },
  });
}
