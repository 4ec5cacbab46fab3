import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

/** Who may cancel past the event's refund deadline over HTTP: an admin, never a user. */
describe('POST /bookings/:id/cancel after the refund deadline', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  const cancel = (bookingId: string, headers: Record<string, string>, query = '') =>
    t.app.inject({ method: 'POST', url: `/bookings/${bookingId}/cancel${query}`, headers });

  async function lateBooking() {
    const { event } = await hallEvent(t, {
      startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
      refundDeadlineAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    const [seat] = (await t.bo.getTickets(event.id)).map((x) => x.id);
    const booking = await t.bo.book({ eventId: event.id, userId: 'alice', ticketIds: [seat!], paymentDetails: { token: 'tok_visa' } });
    await t.store.advanceClock(10 * 60_000);
    return booking;
  }

  it('answers the owner 409 REFUND_DEADLINE_PASSED, and refuses a user asking to act as the operator', async () => {
    const booking = await lateBooking();
    const refused = await cancel(booking.id, t.as.alice);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'REFUND_DEADLINE_PASSED', field: 'bookingId' });
    const forbidden = await cancel(booking.id, t.as.alice, '?asOperator=true');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'FORBIDDEN', field: 'asOperator' });
    expect((await t.bo.getBooking(booking.id)).status).toBe('CONFIRMED');
  });

  it('lets an admin cancel and refund any time; acting for the user, only with asOperator', async () => {
    const booking = await lateBooking();
    const forUser = await cancel(booking.id, { ...t.as.admin, 'x-on-behalf-of': 'alice' });
    expect(forUser.json()).toMatchObject({ code: 'REFUND_DEADLINE_PASSED' });
    const done = await cancel(booking.id, t.as.admin);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: booking.id, status: 'CANCELLED' });
    expect(t.gateway.ledger().find((e) => e.paymentId === booking.paymentId)?.status).toBe('refunded');
  });
});
