import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawOrder } from '../../src/domain/queue-draw.js';
import { drawOrderInSlices } from '../../src/services/draw-in-slices.js';

const seed = createHash('sha256').update('slices').digest('hex');

describe('the admission tick draws in slices', () => {
  it('gives the same order as drawOrder, and lets other work run while it computes commitments', async () => {
    const users = Array.from({ length: 10_000 }, (_, i) => `user${i}@example.com`);
    let turns = 0;
    let running = true;
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const order = await drawOrderInSlices([...users, users[0]!], seed);
    running = false;
    expect(order).toEqual(drawOrder(users, seed));
    // 10,000 participants are 5 slices: other work ran between them.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
