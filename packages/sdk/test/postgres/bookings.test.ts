import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hold, Payment } from '../../src/domain/types.js';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { seedEvent } from './fixtures.js';
import { eachBackend, uid, type OpenedStore } from './harness.js';

async function heldWithPayment(store: PostgresStore, userId = 'alice', ttlSeconds = 60) {
  const { event, ticketIds: t } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 6 });
  const r = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId, ticketIds: [t[0]!, t[1]!], ttlSeconds, maxTicketsPerUser: 4 });
  if (!r.ok) throw new Error('hold failed');
  const at = new Date(await store.now()).toISOString();
  const payment: Payment = {
    id: uid('pay'), holdId: r.hold.id, userId, bookingId: null, amount: r.hold.total, currency: r.hold.currency,
    status: 'AUTHORIZING', gatewayReference: null, failureReason: null, createdAt: at, updatedAt: at,
  };
  await store.createPayment(payment);
  return { event, hold: r.hold as Hold, payment, tickets: t };
}

function confirmRequest(hold: Hold, paymentId: string, userId = hold.userId) {
  return {
    holdId: hold.id, userId, bookingId: uid('bkg'), paymentId, gatewayReference: 'gw-1',
    outbox: { id: uid('obx'), topic: 'booking.confirmed' as const, payload: { holdId: hold.id, n: 1 } },
  };
}

eachBackend('postgres store: bookings', (backend) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('confirms in one step: tickets SOLD, booking, payment AUTHORIZED, hold CONFIRMED, outbox', async () => {
    const { store } = opened;
    const { event, hold, payment } = await heldWithPayment(store);
    expect(await store.confirmHold(confirmRequest(hold, payment.id, 'mallory'))).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(await store.confirmHold(confirmRequest({ ...hold, id: 'hld_missing' }, payment.id))).toEqual({ ok: false, reason: 'HOLD_NOT_FOUND' });

    const req = confirmRequest(hold, payment.id);
    const result = await store.confirmHold(req);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.booking).toMatchObject({
      id: req.bookingId, eventId: event.id, userId: 'alice', holdId: hold.id, ticketIds: hold.ticketIds,
      total: hold.total, currency: 'EUR', status: 'CONFIRMED', paymentId: payment.id,
    });
    expect(await store.getBooking(req.bookingId)).toEqual(result.booking);
    expect(await store.getBookingByHold(hold.id)).toEqual(result.booking);
    expect(await store.listBookings({ userId: 'alice', eventId: event.id, limit: 10, offset: 0 })).toEqual([result.booking]);
    const tickets = await store.getTicketsByIds(hold.ticketIds);
    expect(tickets.every((x) => x.status === 'SOLD' && x.bookingId === req.bookingId && x.version === 2)).toBe(true);
    expect(await store.getPayment(payment.id)).toMatchObject({ status: 'AUTHORIZED', bookingId: req.bookingId, gatewayReference: 'gw-1' });
    expect((await store.getHold(hold.id))?.status).toBe('CONFIRMED');
    const outbox = await store.listOutbox({ undispatchedOnly: true, limit: 1000 });
    expect(outbox.find((m) => m.id === req.outbox.id)).toMatchObject({
      topic: 'booking.confirmed', aggregateId: req.bookingId, payload: { holdId: hold.id, n: 1 }, dispatchedAt: null,
    });
    expect(await store.confirmHold(confirmRequest(hold, payment.id))).toEqual({ ok: false, reason: 'HOLD_NOT_ACTIVE' });
    expect((await store.audit(event.id)).ok).toBe(true);

    // Sold seats count against the per-user cap.
    const more = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'alice', ticketIds: (await store.getTickets(event.id)).slice(2, 5).map((x) => x.id), ttlSeconds: 60, maxTicketsPerUser: 4 });
    expect(more).toEqual({ ok: false, reason: 'LIMIT_EXCEEDED', owned: 2 });
  });

  it('refuses an expired hold and writes nothing', async () => {
    const { store } = opened;
    const { event, hold, payment } = await heldWithPayment(store, 'bob', 30);
    await store.advanceClock(30_000);
    expect(await store.confirmHold(confirmRequest(hold, payment.id))).toEqual({ ok: false, reason: 'HOLD_EXPIRED' });
    expect(await store.getBookingByHold(hold.id)).toBeNull();
    expect(await store.getPayment(payment.id)).toMatchObject({ status: 'AUTHORIZING', bookingId: null });
    await store.sweepExpired(100);
    expect(await store.confirmHold(confirmRequest(hold, payment.id))).toEqual({ ok: false, reason: 'HOLD_EXPIRED' });
    expect((await store.audit(event.id)).ok).toBe(true);
  });

  it('refuses to confirm on a payment that can no longer back a booking', async () => {
    const { store } = opened;
    const { hold, payment } = await heldWithPayment(store, 'carol');
    expect(await store.updatePayment(payment.id, { from: ['AUTHORIZING'], status: 'VOIDED', failureReason: 'abandoned' })).toBe(true);
    await expect(store.confirmHold(confirmRequest(hold, payment.id))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store.confirmHold(confirmRequest(hold, 'pay_missing'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.getHold(hold.id))?.status).toBe('ACTIVE');
    expect((await store.getTicketsByIds(hold.ticketIds)).every((x) => x.status === 'RESERVED')).toBe(true);
  });

  it('cancels a booking once: seats back on sale, outbox written', async () => {
    const { store } = opened;
    const { event, hold, payment } = await heldWithPayment(store, 'dan');
    const req = confirmRequest(hold, payment.id);
    const confirmed = await store.confirmHold(req);
    if (!confirmed.ok) throw new Error('confirm failed');
    const cancel = { bookingId: req.bookingId, outbox: { id: uid('obx'), topic: 'booking.cancelled' as const, payload: { why: 'test' } } };
    const result = await store.cancelBooking(cancel);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.booking).toMatchObject({ id: req.bookingId, status: 'CANCELLED', createdAt: confirmed.booking.createdAt });
    expect(result.changes).toEqual([...hold.ticketIds].sort().map((ticketId) => ({ ticketId, status: 'AVAILABLE' })));
    expect(await store.getBooking(req.bookingId)).toEqual(result.booking);
    const tickets = await store.getTicketsByIds(hold.ticketIds);
    expect(tickets.every((x) => x.status === 'AVAILABLE' && x.bookingId === null && x.holdId === null)).toBe(true);
    expect(await store.cancelBooking({ ...cancel, outbox: { ...cancel.outbox, id: uid('obx') } })).toEqual({ ok: false, reason: 'CONFLICT' });
    expect(await store.cancelBooking({ ...cancel, bookingId: 'bkg_missing' })).toEqual({ ok: false, reason: 'NOT_FOUND' });
    // The cancel owes the refund (REFUNDING, in its own transaction); the gateway call is the service's job.
    expect((await store.getPayment(payment.id))?.status).toBe('REFUNDING');
    expect(await store.updatePayment(payment.id, { from: ['REFUNDING'], status: 'REFUNDED' })).toBe(true);
    expect((await store.audit(event.id)).ok).toBe(true);
    // The freed seats no longer count against the owner's cap.
    const again = await store.takeHold({ holdId: uid('hld'), eventId: event.id, userId: 'dan', ticketIds: [...hold.ticketIds], ttlSeconds: 60, maxTicketsPerUser: 2 });
    expect(again.ok).toBe(true);
  });

  it('moves payments by compare-and-set and lists ones to reconcile by the store clock', async () => {
    const { store } = opened;
    const { payment } = await heldWithPayment(store, 'erin');
    expect(await store.updatePayment(payment.id, { from: ['AUTHORIZED'], status: 'CAPTURED' })).toBe(false);
    expect(await store.updatePayment(payment.id, { from: [], status: 'CAPTURED' })).toBe(false);
    expect(await store.updatePayment('pay_missing', { from: ['AUTHORIZING'], status: 'DECLINED' })).toBe(false);
    expect(await store.updatePayment(payment.id, { from: ['AUTHORIZING'], status: 'UNCERTAIN', failureReason: 'timeout' })).toBe(true);
    const stored = await store.getPayment(payment.id);
    expect(stored).toMatchObject({ status: 'UNCERTAIN', failureReason: 'timeout', gatewayReference: null, createdAt: payment.createdAt });
    expect(Date.parse(stored!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(payment.updatedAt));

    const now = await store.now();
    const old = await store.listPaymentsToReconcile(['UNCERTAIN'], now - 60_000, 100);
    expect(old.map((p) => p.id)).not.toContain(payment.id);
    await store.advanceClock(61_000);
    const later = await store.listPaymentsToReconcile(['UNCERTAIN', 'AUTHORIZING'], (await store.now()) - 60_000, 100);
    expect(later.map((p) => p.id)).toContain(payment.id);
    expect(await store.listPaymentsToReconcile([], Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
  });

  it('lists the outbox oldest first and marks messages dispatched', async () => {
    const { store } = opened;
    const { hold, payment } = await heldWithPayment(store, 'fay');
    const req = confirmRequest(hold, payment.id);
    if (!(await store.confirmHold(req)).ok) throw new Error('confirm failed');
    const pending = await store.listOutbox({ undispatchedOnly: true, limit: 1000 });
    expect(pending.at(-1)?.id).toBe(req.outbox.id);
    const times = pending.map((m) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    await store.markDispatched([req.outbox.id, 'obx_missing']);
    const after = await store.listOutbox({ undispatchedOnly: false, limit: 1000 });
    const sent = after.find((m) => m.id === req.outbox.id);
    expect(sent?.dispatchedAt).not.toBeNull();
    await store.markDispatched([req.outbox.id]);
    expect((await store.listOutbox({ undispatchedOnly: false, limit: 1000 })).find((m) => m.id === req.outbox.id)?.dispatchedAt).toBe(sent?.dispatchedAt);
    expect((await store.listOutbox({ undispatchedOnly: true, limit: 1000 })).map((m) => m.id)).not.toContain(req.outbox.id);
    expect(await store.listOutbox({ undispatchedOnly: false, limit: 0 })).toEqual([]);
  });

  it('translates a duplicate id into CONFLICT', async () => {
    const { store } = opened;
    const { payment } = await heldWithPayment(store, 'gus');
    await expect(store.createPayment(payment)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
