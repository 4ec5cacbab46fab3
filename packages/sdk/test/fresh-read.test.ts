import { describe, expect, it } from 'vitest';
import { FreshRead } from '../src/adapters/postgres/concurrency/fresh-read.js';

/** A read whose answers the test releases by hand, in order. */
function manualRead() {
  const pending: Array<(v: number) => void> = [];
  return {
    read: () => new Promise<number>((resolve) => pending.push(resolve)),
    release: (v: number) => pending.shift()!(v),
  };
}

describe('FreshRead', () => {
  it('shares one read among callers who ask together, and never answers a caller with a read begun before it asked', async () => {
    const m = manualRead();
    let reads = 0;
    const fresh = new FreshRead(() => {
      reads++;
      return m.read();
    });
    const a = fresh.get(); // starts read 1
    const b = fresh.get(); // joins read 2, queued behind read 1 (which began before b asked)
    const c = fresh.get(); // joins read 2 too
    expect(reads).toBe(1);
    m.release(1);
    await Promise.resolve();
    expect(await a).toBe(1);
    // Read 2 began only after read 1 ended.
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(2);
    m.release(2);
    expect([await b, await c]).toEqual([2, 2]);
    // Nothing in flight: the next caller starts its own read.
    const d = fresh.get();
    expect(reads).toBe(3);
    m.release(3);
    expect(await d).toBe(3);
  });

  it('goes on after a failed read', async () => {
    let n = 0;
    const fresh = new FreshRead(async () => {
      n++;
      if (n === 1) throw new Error('connection lost');
      return n;
    });
    const first = fresh.get();
    const second = fresh.get();
    await expect(first).rejects.toThrow('connection lost');
    expect(await second).toBe(2);
  });
});
