import { describe, expect, it } from 'vitest';
import { auditDraw, drawCommitment, drawOrder, findDrawPlace, seedCommitment } from '../../domain/queue-draw.js';
import { DEFAULT_QUEUE_SETTINGS } from '../../domain/queue.js';
import { admittedUsers, createGaEvent, fixedSeeds, tick, useQueueContext, type QueueFactory } from './harness.js';

/** Index of a permutation of [0..n) among all n! (Lehmer code). */
function permutationIndex(perm: readonly number[]): number {
  let index = 0;
  for (let i = 0; i < perm.length; i++) {
    let smaller = 0;
    for (let j = i + 1; j < perm.length; j++) if (perm[j]! < perm[i]!) smaller++;
    index = index * (perm.length - i) + smaller;
  }
  return index;
}

export function drawCases(factory: QueueFactory): void {
  describe('randomized pre-queue', () => {
    const c = useQueueContext(factory);

    it('commits to the seed before the draw, reveals it after, and the order is reproducible from it', async () => {
      const event = await createGaEvent(c.bo, 100);
      const onSaleAt = new Date((await c.harness.queue.now()) + 60_000).toISOString();
      const configured = await c.bo.configureQueue(event.id, { mode: 'randomized', onSaleAt, admissionRate: 1000, tickMs: 100 });
      expect(configured.draw).toMatchObject({ drawn: false, seed: null, participants: 0 });
      const seedHash = configured.draw!.seedHash;
      expect(seedHash).toMatch(/^[0-9a-f]{64}$/);

      const early = Array.from({ length: 20 }, (_, i) => `early-${i}`);
      for (const userId of early) {
        expect(await c.bo.queue.join({ eventId: event.id, userId })).toMatchObject({ state: 'prequeue', number: null, position: null, onSaleAt });
      }
      expect(await tick(c, 1000)).toBe(0); // not on sale yet: nobody admitted
      // Before the draw: the seed's hash is public already (anyone can note it), nothing else.
      expect(await c.bo.queue.drawOrder(event.id)).toEqual({ eventId: event.id, seedHash, seed: null, drawn: false, participants: 0, offset: 0, order: [] });
      await c.harness.advanceClock(60_000);
      // Pre-queue users heart-beat too (silent ones lose their turn when it comes).
      for (const userId of early) await c.bo.queue.heartbeat({ eventId: event.id, userId });
      // After the on-sale time, arrivals queue FIFO behind the drawn pre-queue.
      expect(await c.bo.queue.join({ eventId: event.id, userId: 'late' })).toMatchObject({ state: 'waiting', number: 21 });

      const reports = await c.bo.admitQueues();
      expect(reports.find((r) => r.eventId === event.id)).toMatchObject({ drew: true });
      const stats = await c.bo.queueStats(event.id);
      expect(stats.draw).toMatchObject({ drawn: true, participants: 20, seedHash });
      const seed = stats.draw!.seed!;
      expect(seedCommitment(seed)).toBe(seedHash);
      const published = await c.bo.queue.drawOrder(event.id, { limit: 100 });
      expect(published).toMatchObject({ eventId: event.id, seedHash, seed, drawn: true, participants: 20, offset: 0 });
      // Commitments only: no user id is published.
      expect(published.order).toHaveLength(20);
      for (const entry of published.order) expect(entry).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(published)).not.toMatch(/early-/);
      const drawn = drawOrder(early, seed);
      expect(published.order).toEqual(drawn.map((userId) => drawCommitment(seed, userId)));
      expect(auditDraw({ seedHash, seed, order: published.order })).toEqual({ seedMatchesCommitment: true, orderReproduced: true });
      // Each user finds their own number from the seed and their id, and it is the number they hold.
      for (const userId of early) {
        const ticket = await c.bo.queue.status({ eventId: event.id, userId });
        expect(ticket).toMatchObject({ state: 'waiting' });
        expect(findDrawPlace(published, userId)).toBe(ticket.number);
      }
      expect(findDrawPlace(published, 'late')).toBeNull();
      // A page of the order numbers from its offset.
      const page = await c.bo.queue.drawOrder(event.id, { offset: 5, limit: 3 });
      expect(page.order).toEqual(published.order.slice(5, 8));
      expect(findDrawPlace(page, drawn[6]!)).toBe(7);
      for (let i = 0; i < 3; i++) await tick(c, 100);
      expect(admittedUsers(c, event.id)).toEqual([...drawn, 'late']);
    });

    it('the draw is uniform over permutations (chi-square, fixed seeds)', async () => {
      // Through the port: many small draws, seeds from a fixed master seed (reproducible).
      const q = c.harness.queue;
      const seeds = fixedSeeds('uniformity');
      const n = 4;
      const runs = 480;
      const counts = new Array<number>(24).fill(0);
      const users = Array.from({ length: n }, (_, i) => `p${i}`);
      for (let run = 0; run < runs; run++) {
        const eventId = `evt_uniform${run}`;
        const seed = seeds();
        const onSaleAt = new Date((await q.now()) + 1_000).toISOString();
        await q.configure(eventId, { ...DEFAULT_QUEUE_SETTINGS, mode: 'randomized', onSaleAt }, { seed, seedHash: seedCommitment(seed) });
        for (const userId of users) await q.join(eventId, userId);
        await c.harness.advanceClock(1_001);
        const drawn = await q.draw(eventId, (participants, s) => drawOrder(participants, s));
        expect(drawn.ok).toBe(true);
        const order = await q.drawOrder(eventId, 0, n);
        counts[permutationIndex(order.map((u) => users.indexOf(u)))]!++;
      }
      const expected = runs / 24;
      const chiSquare = counts.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
      // 23 degrees of freedom: P(χ² > 49.73) = 0.001.
      expect(chiSquare).toBeLessThan(49.73);
      expect(Math.min(...counts)).toBeGreaterThan(0);
    });

    it('mode and on-sale time are fixed once users joined or the draw started', async () => {
      const event = await createGaEvent(c.bo, 10);
      const onSaleAt = new Date((await c.harness.queue.now()) + 60_000).toISOString();
      await c.bo.configureQueue(event.id, { mode: 'randomized', onSaleAt });
      await c.bo.queue.join({ eventId: event.id, userId: 'ann' });
      await expect(c.bo.configureQueue(event.id, { mode: 'fifo' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'mode' });
      // The on-sale time may move until the draw starts; rate and cap may always change.
      const later = new Date(Date.parse(onSaleAt) + 60_000).toISOString();
      expect((await c.bo.configureQueue(event.id, { onSaleAt: later, admissionRate: 5 })).settings).toMatchObject({ onSaleAt: later, admissionRate: 5 });
      await c.harness.advanceClock(121_000);
      await c.bo.admitQueues();
      expect((await c.bo.queueStats(event.id)).draw).toMatchObject({ drawn: true, participants: 1 });
      await expect(c.bo.configureQueue(event.id, { onSaleAt })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await c.bo.configureQueue(event.id, { maxActive: 3 })).settings.maxActive).toBe(3);
    });
  });
}
