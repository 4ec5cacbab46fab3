import type { EventView } from '@boxoffice/sdk';
import { describe, expect, it } from 'vitest';
import { ViewCache } from '../src/cache/view-cache.js';

/** A stand-in view: only what the cache reads (the ticket count and hold expiries). */
function view(version: number, tickets: number): EventView {
  return { id: 'evt_x', popularity: version, tickets: Array.from({ length: tickets }, () => ({ status: 'AVAILABLE', reservedUntil: null })) } as unknown as EventView;
}

describe('ViewCache', () => {
  it('reloads a cheap view on the next request after a change, and never twice at once', async () => {
    let now = 0;
    let loads = 0;
    const cache = new ViewCache(async () => view(++loads, 10), { minRefreshMs: 100, maxAgeMs: 2000, now: () => now });
    const [a, b] = await Promise.all([cache.get('evt_x'), cache.get('evt_x')]);
    expect(loads).toBe(1);
    expect([a.hit, b.hit]).toEqual([false, true]);
    cache.markStale('evt_x');
    now = 50; // within minRefreshMs: the stale view is still served
    expect((await cache.get('evt_x')).snapshot.view.popularity).toBe(1);
    now = 150;
    expect((await cache.get('evt_x')).snapshot.view.popularity).toBe(2);
    now = 2200; // past maxAgeMs with no change
    expect((await cache.get('evt_x')).snapshot.view.popularity).toBe(3);
    cache.drop('evt_x');
    expect((await cache.get('evt_x')).hit).toBe(false);
  });

  it('serves an expensive view stale while one rebuild runs in the background', async () => {
    let now = 0;
    let loads = 0;
    let release: (() => void) | undefined;
    const cache = new ViewCache(
      async () => {
        loads += 1;
        if (loads > 1) await new Promise<void>((r) => (release = r));
        return view(loads, 8);
      },
      { minRefreshMs: 0, backgroundAtTickets: 5, now: () => now },
    );
    await cache.get('evt_x');
    cache.markStale('evt_x');
    now = 10_000;
    const during = await Promise.all([cache.get('evt_x'), cache.get('evt_x')]);
    expect(during.map((r) => r.snapshot.view.popularity)).toEqual([1, 1]);
    expect(loads).toBe(2); // one background rebuild, not one per request
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect((await cache.get('evt_x')).snapshot.view.popularity).toBe(2);
    // Without a change, an expensive view is not rebuilt merely for its age (up to 30 s).
    now = 25_000;
    expect((await cache.get('evt_x')).snapshot.view.popularity).toBe(2);
    expect(loads).toBe(2);
  });
});
