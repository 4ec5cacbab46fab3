import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_SETTINGS } from '../../domain/queue.js';
import type { QueueConfigStore } from '../../ports/queue-config.js';
import { createHallEvent } from '../fixtures.js';
import { useCaseContext, type StoreFactory } from './harness.js';

/** The QueueConfigStore port (`store.queueConfigs`): the durable truth of which events are queued. */
export function queueConfigCases(factory: StoreFactory): void {
  describe('queue configuration', () => {
    const c = useCaseContext(factory);

    function configs(): QueueConfigStore {
      const q = c.store.queueConfigs;
      if (!q) throw new Error('this store keeps no queue configuration');
      return q;
    }

    it('keeps settings and pause, and bumps the epoch only when the queue turns on', async () => {
      const { event } = await createHallEvent(c.bo);
      expect(await configs().getQueueConfig(event.id)).toBeNull();
      expect(await configs().setQueuePaused(event.id, true)).toBeNull();
      const on = await configs().saveQueueConfig(event.id, { settings: { ...DEFAULT_QUEUE_SETTINGS, admissionRate: 7 }, drawSeed: { seed: 'a'.repeat(64), seedHash: 'b'.repeat(64) } });
      expect(on).toMatchObject({ eventId: event.id, settings: { enabled: true, admissionRate: 7 }, paused: false, epoch: 1, generation: 0, lastResetAt: null });
      expect(on.drawSeed).toEqual({ seed: 'a'.repeat(64), seedHash: 'b'.repeat(64) });
      // A change while on keeps the epoch (receipts stay good) and the first draw seed.
      const changed = await configs().saveQueueConfig(event.id, { settings: { ...DEFAULT_QUEUE_SETTINGS, admissionRate: 9 }, drawSeed: { seed: 'c'.repeat(64), seedHash: 'd'.repeat(64) } });
      expect(changed).toMatchObject({ epoch: 1, settings: { admissionRate: 9 }, drawSeed: { seed: 'a'.repeat(64) } });
      expect(await configs().setQueuePaused(event.id, true)).toMatchObject({ paused: true, epoch: 1 });
      expect(await configs().saveQueueConfig(event.id, { settings: { ...DEFAULT_QUEUE_SETTINGS, enabled: false }, drawSeed: null })).toMatchObject({ epoch: 1, paused: true });
      expect((await configs().listEnabledQueueConfigs()).map((q) => q.eventId)).not.toContain(event.id);
      const again = await configs().saveQueueConfig(event.id, { settings: DEFAULT_QUEUE_SETTINGS, drawSeed: null, paused: false });
      expect(again).toMatchObject({ epoch: 2, paused: false });
      expect(await configs().getQueueConfig(event.id)).toEqual(again);
      expect((await configs().listEnabledQueueConfigs()).map((q) => q.eventId)).toContain(event.id);
    });

    it('counts one reset per generation however many callers race for it', async () => {
      const { event } = await createHallEvent(c.bo);
      expect(await configs().recordQueueReset(event.id, 0)).toBeNull();
      await configs().saveQueueConfig(event.id, { settings: DEFAULT_QUEUE_SETTINGS, drawSeed: null });
      const results = await Promise.all(Array.from({ length: 5 }, () => configs().recordQueueReset(event.id, 0)));
      expect(results.filter((r) => r?.won).length).toBe(1);
      for (const r of results) expect(r?.config).toMatchObject({ generation: 1, epoch: 1 });
      const after = await configs().getQueueConfig(event.id);
      expect(after?.lastResetAt).not.toBeNull();
      expect(Date.parse(after?.lastResetAt ?? '')).toBeGreaterThan(0);
      // A later save keeps the generation and the reset time.
      expect(await configs().saveQueueConfig(event.id, { settings: { ...DEFAULT_QUEUE_SETTINGS, tickMs: 100 }, drawSeed: null })).toMatchObject({ generation: 1, lastResetAt: after?.lastResetAt });
    });
  });
}
