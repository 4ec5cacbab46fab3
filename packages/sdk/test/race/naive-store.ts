import pg from 'pg';
import type { Booking, Hold } from '../../src/domain/types.js';
import type { ConfirmRequest, ConfirmResult, Store, TakeHoldRequest, TakeHoldResult } from '../../src/ports/store.js';

/**
 * A deliberately naive store for the race harness: holds and confirms as read-then-write
 * (look, then write without re-checking), the way a hand-rolled booking system often starts.
 * It exists only to show the audit can fail: under concurrency it must oversell.
 */
export function naiveStore(inner: Store, pool: pg.Pool): Store {
  const sleep = () => new Promise((r) => setTimeout(r, Math.random() * 3));

  async function takeHold(req: TakeHoldRequest): Promise<TakeHoldResult> {
    const { rows } = await pool.query<{ id: string; status: string; expired: boolean }>(
      `SELECT id, status, reserved_until <= bo_now() AS expired FROM tickets WHERE id = ANY($1)`,
      [req.ticketIds],
    );
    const unavailable = rows.filter((r) => !(r.status === 'AVAILABLE' || (r.status === 'RESERVED' && r.expired))).map((r) => r.id);
    if (unavailable.length > 0) return { ok: false, reason: 'SEAT_UNAVAILABLE', unavailable };
    await sleep(); // the window every read-then-write has, made a little wider
    const { rows: updated } = await pool.query<{ price: string; currency: string; until: Date }>(
      `UPDATE tickets SET status = 'RESERVED', hold_id = $2, holder_id = $3, reserved_until = bo_now() + make_interval(secs => $4)
       WHERE id = ANY($1) RETURNING price, currency, reserved_until AS until`,
      [req.ticketIds, req.holdId, req.userId, req.ttlSeconds],
    );
    const total = updated.reduce((s, r) => s + Number(r.price), 0);
    const currency = updated[0]!.currency;
    const expiresAt = updated[0]!.until;
    await pool.query(
      `INSERT INTO holds (id, event_id, user_id, ticket_ids, total, currency, status, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, now())`,
      [req.holdId, req.eventId, req.userId, req.ticketIds, total, currency, expiresAt],
    );
    const hold: Hold = {
      id: req.holdId, eventId: req.eventId, userId: req.userId, ticketIds: req.ticketIds, total, currency,
      status: 'ACTIVE', expiresAt: expiresAt.toISOString(), createdAt: new Date().toISOString(),
    };
    return { ok: true, hold };
  }

  async function confirmHold(req: ConfirmRequest): Promise<ConfirmResult> {
    const hold = await inner.getHold(req.holdId);
    if (!hold) return { ok: false, reason: 'HOLD_NOT_FOUND' };
    if (hold.status !== 'ACTIVE') return { ok: false, reason: 'HOLD_NOT_ACTIVE' };
    const { rows } = await pool.query<{ status: string }>(`SELECT status FROM tickets WHERE id = ANY($1)`, [hold.ticketIds]);
    if (rows.some((r) => r.status !== 'RESERVED')) return { ok: false, reason: 'HOLD_EXPIRED' };
    await sleep();
    await pool.query(`UPDATE tickets SET status = 'SOLD', booking_id = $2, reserved_until = NULL WHERE id = ANY($1)`, [hold.ticketIds, req.bookingId]);
    await pool.query(
      `INSERT INTO bookings (id, event_id, user_id, hold_id, ticket_ids, total, currency, status, payment_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'CONFIRMED', $8, now(), now())`,
      [req.bookingId, hold.eventId, hold.userId, hold.id, hold.ticketIds, hold.total, hold.currency, req.paymentId],
    );
    await pool.query(`UPDATE payments SET status = 'AUTHORIZED', booking_id = $2, gateway_reference = $3 WHERE id = $1`, [req.paymentId, req.bookingId, req.gatewayReference]);
    await pool.query(`UPDATE holds SET status = 'CONFIRMED' WHERE id = $1`, [hold.id]);
    const booking: Booking = {
      id: req.bookingId, eventId: hold.eventId, userId: hold.userId, holdId: hold.id, ticketIds: hold.ticketIds, total: hold.total,
      currency: hold.currency, status: 'CONFIRMED', paymentId: req.paymentId, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    return { ok: true, booking };
  }

  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'takeHold') return takeHold;
      if (prop === 'confirmHold') return confirmHold;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
