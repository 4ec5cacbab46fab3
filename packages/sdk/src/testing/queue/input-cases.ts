import { describe, expect, it } from 'vitest';
import { codeOf } from '../conformance/harness.js';
import { createGaEvent, queuedEvent, useQueueContext, type QueueFactory } from './harness.js';

export function inputCases(factory: QueueFactory): void {
  describe('bad input', () => {
    const c = useQueueContext(factory);

    it('settings out of range name the field and write nothing', async () => {
      const event = await createGaEvent(c.bo, 10);
      const bad: [Record<string, unknown>, string][] = [
        [{ admissionRate: 0 }, 'admissionRate'],
        [{ admissionRate: -5 }, 'admissionRate'],
        [{ maxActive: -1 }, 'maxActive'],
        [{ maxActive: 2.5 }, 'maxActive'],
        [{ admissionRate: null, maxActive: null }, 'admissionRate'],
        [{ mode: 'lottery' }, 'mode'],
        [{ tokenTtlSeconds: 1 }, 'tokenTtlSeconds'],
        [{ heartbeatTimeoutSeconds: 0 }, 'heartbeatTimeoutSeconds'],
        [{ onSaleAt: 'soon' }, 'onSaleAt'],
        [{ surprise: true }, 'input'],
      ];
      for (const [settings, field] of bad) {
        expect(await codeOf(() => c.bo.configureQueue(event.id, settings as never)), JSON.stringify(settings)).toEqual({ code: 'VALIDATION', field });
      }
      expect(await codeOf(() => c.bo.queueStats(event.id))).toEqual({ code: 'QUEUE_DISABLED', field: 'eventId' });
      // An existing queue keeps its settings after a refused change.
      await c.bo.configureQueue(event.id, { admissionRate: 7, maxActive: 3 });
      expect(await codeOf(() => c.bo.configureQueue(event.id, { maxActive: 0 }))).toEqual({ code: 'VALIDATION', field: 'maxActive' });
      expect((await c.bo.queueStats(event.id)).settings).toMatchObject({ admissionRate: 7, maxActive: 3, enabled: true, mode: 'fifo' });
    });

    it('unknown events, disabled queues and strangers get stable codes', async () => {
      const plain = await createGaEvent(c.bo, 10);
      const event = await queuedEvent(c, { admissionRate: 5 });
      expect(await codeOf(() => c.bo.configureQueue('evt_nope', { admissionRate: 5 }))).toEqual({ code: 'NOT_FOUND', field: 'eventId' });
      expect(await codeOf(() => c.bo.queue.join({ eventId: 'evt_nope', userId: 'ann' }))).toEqual({ code: 'NOT_FOUND', field: 'eventId' });
      expect(await codeOf(() => c.bo.queue.join({ eventId: plain.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_DISABLED', field: 'eventId' });
      expect(await codeOf(() => c.bo.queue.join({ eventId: 'nope', userId: 'ann' }))).toEqual({ code: 'VALIDATION', field: 'eventId' });
      expect(await codeOf(() => c.bo.queue.join({ eventId: event.id, userId: 'a b' }))).toEqual({ code: 'VALIDATION', field: 'userId' });
      expect(await codeOf(() => c.bo.queue.heartbeat({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_NOT_JOINED', field: 'userId' });
      expect(await codeOf(() => c.bo.queue.status({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_NOT_JOINED', field: 'userId' });
      expect(await codeOf(() => c.bo.queue.leave({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_NOT_JOINED', field: 'userId' });
      expect(await codeOf(() => c.bo.pauseQueue(plain.id))).toEqual({ code: 'QUEUE_DISABLED', field: 'eventId' });
      expect((await c.bo.queueStats(event.id)).issued).toBe(0);
      // Events without a queue sell as before: no token needed.
      expect((await c.bo.hold({ eventId: plain.id, userId: 'ann', best: { quantity: 1 } })).status).toBe('ACTIVE');
    });
  });
}
