import { describe, expect, it } from 'vitest';
import { waitOnBoard } from '../../domain/queue-board.js';
import { codeOf } from '../conformance/harness.js';
import { createGaEvent, queuedEvent, tick, useQueueContext, type QueueFactory } from './harness.js';

/** The public board (`bo.queue.board`): the same for everyone, enough to follow the line. */
export function boardCases(factory: QueueFactory): void {
  describe('board', () => {
    const c = useQueueContext(factory);

    it('says an event without a queue has none, and an unknown event is NOT_FOUND', async () => {
      const event = await createGaEvent(c.bo, 10);
      expect(await c.bo.queue.board(event.id)).toEqual({
        eventId: event.id,
        enabled: false,
        paused: false,
        counter: 0,
        measuredRate: null,
        admissionRate: null,
        inventory: 'unknown',
        soldOut: false,
        onSaleAt: null,
        epoch: 0,
        generation: 0,
      });
      expect(await codeOf(() => c.bo.queue.board('evt_doesnotexist'))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await codeOf(() => c.bo.queue.board('not an id'))).toEqual({ code: 'VALIDATION', field: 'eventId' });
    });

    it('lets a waiting user follow the line from their number alone, as their ticket does', async () => {
      const event = await queuedEvent(c, { admissionRate: 10, tickMs: 100 });
      const tickets = [];
      for (let i = 0; i < 30; i++) tickets.push(await c.bo.queue.join({ eventId: event.id, userId: `fan-${i}` }));
      const before = await c.bo.queue.board(event.id);
      expect(before).toMatchObject({ eventId: event.id, enabled: true, paused: false, counter: 0, admissionRate: 10, soldOut: false, epoch: 1, generation: 0 });
      // Nothing about who joined or how many: no user ids, no count of joins.
      expect(Object.keys(before).sort()).toEqual(['admissionRate', 'counter', 'enabled', 'epoch', 'eventId', 'generation', 'inventory', 'measuredRate', 'onSaleAt', 'paused', 'soldOut']);
      for (let i = 0; i < 8; i++) await tick(c, 100);
      const board = await c.bo.queue.board(event.id);
      expect(board.counter).toBeGreaterThan(0);
      const last = tickets[29]!;
      const ticket = await c.bo.queue.status({ eventId: event.id, userId: 'fan-29' });
      expect(ticket.counter).toBe(board.counter);
      expect(waitOnBoard(last.number!, board)).toEqual({ position: ticket.position, estimatedWait: ticket.estimatedWait });
      expect(waitOnBoard(1, board).position).toBe(0);
    });

    it('shows pause at once', async () => {
      const event = await queuedEvent(c, { admissionRate: 10, tickMs: 100 });
      await c.bo.queue.pause(event.id);
      expect(await c.bo.queue.board(event.id)).toMatchObject({ enabled: true, paused: true });
      await c.bo.queue.resume(event.id);
      expect(await c.bo.queue.board(event.id)).toMatchObject({ paused: false });
    });
  });
}
