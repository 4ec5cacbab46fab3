import { describe, expect, it } from 'vitest';
import { isBoxOfficeError } from '../../domain/errors.js';
import { codeOf } from '../conformance/harness.js';
import { queuedEvent, tick, tokenOf, useQueueContext, type QueueFactory } from './harness.js';

async function failure(fn: () => Promise<unknown>): Promise<{ code: string; status: number; reason: unknown }> {
  try {
    await fn();
  } catch (error) {
    if (!isBoxOfficeError(error)) throw error;
    return { code: error.code, status: error.httpStatus, reason: error.details?.reason };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function tokenCases(factory: QueueFactory): void {
  describe('admission tokens', () => {
    const c = useQueueContext(factory);

    it('a hold on a queued event needs the admitted user\'s own live token (403 otherwise)', async () => {
      const event = await queuedEvent(c, { admissionRate: 100, tickMs: 100 });
      const best = { quantity: 1 };
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', best }))).toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED', status: 403 });
      await c.bo.queue.join({ eventId: event.id, userId: 'ann' });
      await c.bo.queue.join({ eventId: event.id, userId: 'bob' });
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', best }))).toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED', status: 403 });
      await tick(c, 100);
      const token = tokenOf(c, event.id, 'ann');
      const status = await c.bo.queue.status({ eventId: event.id, userId: 'ann' });
      expect(status).toMatchObject({ state: 'admitted', admissionToken: token, position: 0 });
      expect(Date.parse(status.tokenExpiresAt!)).toBeGreaterThan(Date.now());

      // Forged: a flipped signature, or claims re-signed with another secret.
      const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', best, admissionToken: forged }))).toMatchObject({
        code: 'QUEUE_TOKEN_INVALID',
        status: 403,
        reason: 'signature',
      });
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', best, admissionToken: 'bq1.e30.xyz' }))).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
      // Another user's token.
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'bob', best, admissionToken: token }))).toMatchObject({
        code: 'QUEUE_TOKEN_INVALID',
        reason: 'foreign',
      });
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'mallory', best, admissionToken: token }))).toMatchObject({ reason: 'foreign' });
      // Not obtainable twice: re-joining is refused; the status returns the same token.
      expect(await codeOf(() => c.bo.queue.join({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_ALREADY_ADMITTED', field: 'userId' });
      expect((await c.bo.queue.heartbeat({ eventId: event.id, userId: 'ann' })).admissionToken).toBe(token);

      const hold = await c.bo.hold({ eventId: event.id, userId: 'ann', best: { quantity: 2 }, admissionToken: token });
      expect(hold.status).toBe('ACTIVE');
      const booking = await c.bo.confirm({ holdId: hold.id, userId: 'ann', paymentDetails: { token: 'tok_visa' } });
      expect(booking.status).toBe('CONFIRMED');
      // Booking frees the slot and uses the token up.
      expect((await c.bo.queueStats(event.id)).active).toBe(1);
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'ended', admissionToken: null });
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', best, admissionToken: token }))).toMatchObject({
        code: 'QUEUE_TOKEN_INVALID',
        reason: 'used',
      });
      expect(await codeOf(() => c.bo.queue.join({ eventId: event.id, userId: 'ann' }))).toMatchObject({ code: 'QUEUE_ALREADY_ADMITTED' });
    });

    it('an expired token is refused; book() takes the token too', async () => {
      const event = await queuedEvent(c, { admissionRate: 100, tokenTtlSeconds: 60, tickMs: 100 });
      await c.bo.queue.join({ eventId: event.id, userId: 'ann' });
      await c.bo.queue.join({ eventId: event.id, userId: 'bob' });
      await tick(c, 100);
      const [t1, t2] = (await c.bo.getTickets(event.id)).map((t) => t.id);
      const booking = await c.bo.book({
        eventId: event.id,
        userId: 'bob',
        ticketIds: [t1!],
        paymentDetails: { token: 'tok_visa' },
        admissionToken: tokenOf(c, event.id, 'bob'),
      });
      expect(booking.status).toBe('CONFIRMED');
      await c.harness.advanceClock(61_000);
      expect(await failure(() => c.bo.hold({ eventId: event.id, userId: 'ann', ticketIds: [t2!], admissionToken: tokenOf(c, event.id, 'ann') }))).toMatchObject({
        code: 'QUEUE_TOKEN_INVALID',
        reason: 'expired',
      });
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'ended' });
      expect((await c.bo.queueStats(event.id)).active).toBe(0);
    });

    it('a disabled queue lets holds through without a token, and refuses joins', async () => {
      const event = await queuedEvent(c, { admissionRate: 100 });
      await c.bo.configureQueue(event.id, { enabled: false });
      expect(await codeOf(() => c.bo.queue.join({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_DISABLED', field: 'eventId' });
      expect((await c.bo.hold({ eventId: event.id, userId: 'ann', best: { quantity: 1 } })).status).toBe('ACTIVE');
    });
  });
}
