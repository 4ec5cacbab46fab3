import { describe, expect, it } from 'vitest';
import type { BoxOffice } from '../../box-office.js';
import { admittedUsers, queuedEvent, sleep, tick, useQueueContext, type QueueFactory } from './harness.js';

/**
 * Runs every BoxOffice's admission tick in a loop for `ms`. `admitted` counts what the winning
 * ticks reported; `heard` is the distinct users the update listeners heard admitted (a queue
 * with an update channel tells every process of every admission, so the same update may be
 * heard more than once: the two must match for each user to have been admitted once).
 */
async function admitConcurrently(bos: readonly BoxOffice[], ms: number, during?: () => Promise<void>): Promise<{ admitted: number; heard: Set<string>; elapsedMs: number }> {
  const heard = new Set<string>();
  let admitted = 0;
  const unsubscribe = bos.map((bo) =>
    bo.queue.subscribe((u) => {
      if (u.type === 'queue.admitted') for (const a of u.admitted) heard.add(a.userId);
    }),
  );
  const started = Date.now();
  const until = started + ms;
  const loops = bos.map(async (bo) => {
    while (Date.now() < until) {
      for (const report of await bo.admitQueues()) admitted += report.admitted;
      await sleep(1);
    }
  });
  const side = (async () => {
    while (during && Date.now() < until) await during();
  })();
  await Promise.all([...loops, side]);
  await sleep(50); // the last updates from the other processes arrive
  unsubscribe.forEach((u) => u());
  return { admitted, heard, elapsedMs: Date.now() - started };
}

export function admissionCases(factory: QueueFactory): void {
  describe('admission', () => {
    const c = useQueueContext(factory);

    it('several concurrent admitters never exceed the rate; each user is admitted once', async () => {
      const rate = 100;
      const event = await queuedEvent(c, { admissionRate: rate, tickMs: 20 });
      const users = Array.from({ length: 400 }, (_, i) => `r${i}`);
      await Promise.all(users.map((userId) => c.bo.queue.join({ eventId: event.id, userId })));
      const bos = [c.bo, await c.secondBoxOffice(), await c.secondBoxOffice(), await c.secondBoxOffice()];
      const { admitted, heard, elapsedMs } = await admitConcurrently(bos, 1200);
      // At most rate × elapsed, plus the first tick's share (2) and the carry (1); no slower than 60 % of it.
      expect(admitted).toBeLessThanOrEqual(Math.ceil((rate * elapsedMs) / 1000) + 3);
      expect(admitted).toBeGreaterThanOrEqual(Math.floor((rate * 1.2) * 0.6));
      expect(heard.size).toBe(admitted);
      // In number order, no one skipped: the counter reached exactly the number of admissions.
      expect((await c.bo.queueStats(event.id)).counter).toBe(admitted);
    });

    it('several concurrent admitters never exceed the active cap while buyers come and go', async () => {
      const cap = 8;
      const event = await queuedEvent(c, { admissionRate: null, maxActive: cap, tickMs: 10 });
      await Promise.all(Array.from({ length: 300 }, (_, i) => c.bo.queue.join({ eventId: event.id, userId: `c${i}` })));
      const bos = [c.bo, await c.secondBoxOffice(), await c.secondBoxOffice()];
      const live = new Set<string>();
      const gone = new Set<string>(); // an admission heard again from another process must not revive a buyer who left
      let maxLive = 0;
      let maxActive = 0;
      for (const bo of bos) {
        bo.queue.subscribe((u) => {
          if (u.type !== 'queue.admitted') return;
          for (const a of u.admitted) if (!gone.has(a.userId)) live.add(a.userId);
          maxLive = Math.max(maxLive, live.size);
        });
      }
      const { admitted, heard } = await admitConcurrently(bos, 1000, async () => {
        // A buyer finishes (gives the slot up) every few ms; the cap must hold throughout.
        const [first] = live;
        if (first !== undefined) {
          live.delete(first); // before the slot frees, so `live` never over-counts
          gone.add(first);
          await c.bo.queue.leave({ eventId: event.id, userId: first });
        }
        maxActive = Math.max(maxActive, (await c.bo.queueStats(event.id)).active);
        await sleep(3);
      });
      expect(maxLive).toBeLessThanOrEqual(cap);
      expect(maxActive).toBeLessThanOrEqual(cap);
      expect(admitted).toBeGreaterThan(cap * 2);
      expect(heard.size).toBe(admitted);
    });

    it('a user who stops heart-beating loses the turn and the slot goes to the next', async () => {
      const event = await queuedEvent(c, { admissionRate: null, maxActive: 1, heartbeatTimeoutSeconds: 10, tickMs: 100 });
      for (const userId of ['ann', 'bob', 'cat']) await c.bo.queue.join({ eventId: event.id, userId });
      await c.harness.advanceClock(8_000);
      await c.bo.queue.heartbeat({ eventId: event.id, userId: 'bob' });
      await c.bo.queue.heartbeat({ eventId: event.id, userId: 'cat' });
      await tick(c, 4_000); // ann: 12 s silent; bob and cat: 4 s.
      expect(admittedUsers(c, event.id)).toEqual(['bob']);
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'lost', position: 0, estimatedWait: null });
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'bob' })).toMatchObject({ state: 'admitted' });
      expect(await tick(c, 100)).toBe(0); // the cap: bob holds the only slot
      await c.bo.queue.leave({ eventId: event.id, userId: 'bob' });
      expect(await tick(c, 100)).toBe(1);
      expect(admittedUsers(c, event.id)).toEqual(['bob', 'cat']);
      // ann may join again, at the back.
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'waiting', number: 4 });
    });

    it('an active slot frees when the token expires', async () => {
      const event = await queuedEvent(c, { admissionRate: null, maxActive: 1, tokenTtlSeconds: 30, tickMs: 100 });
      for (const userId of ['ann', 'bob']) await c.bo.queue.join({ eventId: event.id, userId });
      expect(await tick(c, 100)).toBe(1);
      expect((await c.bo.queueStats(event.id)).active).toBe(1);
      await c.bo.queue.heartbeat({ eventId: event.id, userId: 'bob' });
      expect(await tick(c, 20_000)).toBe(0);
      await c.bo.queue.heartbeat({ eventId: event.id, userId: 'bob' });
      expect(await tick(c, 10_100)).toBe(1);
      expect(await c.bo.queue.status({ eventId: event.id, userId: 'ann' })).toMatchObject({ state: 'ended', admissionToken: null });
      expect(admittedUsers(c, event.id)).toEqual(['ann', 'bob']);
    });
  });
}
