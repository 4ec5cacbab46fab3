import { describe, expect, it } from 'vitest';
import { codeOf } from '../conformance/harness.js';
import { admittedUsers, queuedEvent, tick, useQueueContext, type QueueFactory } from './harness.js';

export function fifoCases(factory: QueueFactory): void {
  describe('fifo', () => {
    const c = useQueueContext(factory);

    it('admits in join order exactly, a few per tick at the configured rate', async () => {
      const event = await queuedEvent(c, { admissionRate: 20, tickMs: 100 });
      const users = Array.from({ length: 30 }, (_, i) => `fan-${String(i).padStart(2, '0')}`);
      for (const [i, userId] of users.entries()) {
        const t = await c.bo.queue.join({ eventId: event.id, userId });
        expect(t).toMatchObject({ state: 'waiting', number: i + 1, position: i + 1, counter: 0 });
      }
      // 20 users/s × 100 ms = 2 per tick.
      expect(await tick(c, 100)).toBe(2);
      expect(admittedUsers(c, event.id)).toEqual(users.slice(0, 2));
      for (let i = 0; i < 20 && admittedUsers(c, event.id).length < users.length; i++) await tick(c, 100);
      expect(admittedUsers(c, event.id)).toEqual(users);
      const stats = await c.bo.queueStats(event.id);
      expect(stats).toMatchObject({ issued: 30, counter: 30, waiting: 0, active: 30 });
    });

    it('re-joining returns the same number, never a better one; leaving and joining again goes to the back', async () => {
      const event = await queuedEvent(c, { admissionRate: 10, tickMs: 100 });
      for (const userId of ['ann', 'bob', 'cat']) await c.bo.queue.join({ eventId: event.id, userId });
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'bob' })).toMatchObject({ number: 2, position: 2 });
      expect(await c.bo.queue.leave({ eventId: event.id, userId: 'bob' })).toMatchObject({ state: 'left', number: 2 });
      expect(await codeOf(() => c.bo.queue.status({ eventId: event.id, userId: 'bob' }))).toEqual({ code: 'QUEUE_NOT_JOINED', field: 'userId' });
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'bob' })).toMatchObject({ state: 'waiting', number: 4 });
      // The line skips bob's old place: ann, cat, then bob.
      for (let i = 0; i < 6; i++) await tick(c, 100);
      expect(admittedUsers(c, event.id)).toEqual(['ann', 'cat', 'bob']);
    });

    it('reports position = number − counter and an estimated wait band from the measured rate', async () => {
      const event = await queuedEvent(c, { admissionRate: 10, tickMs: 100 });
      for (let i = 0; i < 40; i++) await c.bo.queue.join({ eventId: event.id, userId: `u${i}` });
      const before = await c.bo.queue.status({ eventId: event.id, userId: 'u39' });
      // Nothing measured yet: the configured rate (10/s) bounds it, half of it gives the high end.
      expect(before.estimatedWait).toEqual({ low: 4, high: 8 });
      for (let i = 0; i < 10; i++) await tick(c, 100);
      const after = await c.bo.queue.status({ eventId: event.id, userId: 'u39' });
      // ~1 per 100 ms tick (a Redis clock also counts the real time between ticks: a few more may pass).
      expect(after.counter).toBeGreaterThanOrEqual(10);
      expect(after.counter).toBeLessThanOrEqual(14);
      const ahead = 40 - after.counter;
      expect(after.position).toBe(ahead);
      const wait = after.estimatedWait!;
      // Measured ~10/s: the low end is capped by the configured 10/s; the high end is ahead / (0.75 × measured).
      expect(wait.low).toBe(Math.floor(ahead / 10));
      expect(wait.high).toBeGreaterThanOrEqual(Math.ceil(ahead / 9));
      expect(wait.high).toBeLessThanOrEqual(Math.ceil(ahead / 6));
      expect(after.admissionToken).toBeNull();
    });

    it('pausing stops admission, joins continue; resuming restarts it', async () => {
      const event = await queuedEvent(c, { admissionRate: 100, tickMs: 100 });
      await c.bo.queue.join({ eventId: event.id, userId: 'ann' });
      expect((await c.bo.pauseQueue(event.id)).paused).toBe(true);
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'bob' })).toMatchObject({ paused: true, number: 2 });
      expect(await tick(c, 1000)).toBe(0);
      await c.bo.resumeQueue(event.id);
      expect(await tick(c, 100)).toBe(2);
    });
  });
}
