import type { QueueBoard } from '@boxoffice/sdk';
import { describe, expect, it } from 'vitest';
import { BOARD_TTL_MS, BoardCache } from '../src/cache/board-cache.js';

const board = (eventId: string, counter: number): QueueBoard => ({
  eventId,
  enabled: true,
  paused: false,
  counter,
  measuredRate: null,
  admissionRate: null,
  inventory: 'available',
  soldOut: false,
  onSaleAt: null,
  epoch: 1,
  generation: 0,
});

describe('BoardCache', () => {
  it('reads each event once per second, shares the read in flight, and forgets a failed one', async () => {
    let now = 0;
    const reads: string[] = [];
    let fail = false;
    const cache = new BoardCache(async (eventId) => {
      reads.push(eventId);
      if (fail) throw new Error('queue down');
      return board(eventId, reads.length);
    }, () => now);
    const [a, b] = await Promise.all([cache.get('evt_a'), cache.get('evt_a')]);
    expect(a).toBe(b);
    expect(reads).toEqual(['evt_a']);
    now = BOARD_TTL_MS - 1;
    expect(await cache.get('evt_a')).toBe(a);
    await cache.get('evt_b');
    expect(reads).toEqual(['evt_a', 'evt_b']);
    now = BOARD_TTL_MS;
    const fresh = await cache.get('evt_a');
    expect(fresh).not.toBe(a);
    expect(JSON.parse(fresh.body.toString())).toMatchObject({ counter: 3 });
    now = 3 * BOARD_TTL_MS;
    fail = true;
    await expect(cache.get('evt_a')).rejects.toThrow('queue down');
    fail = false;
    expect(JSON.parse((await cache.get('evt_a')).body.toString())).toMatchObject({ counter: 5 });
  });
});
