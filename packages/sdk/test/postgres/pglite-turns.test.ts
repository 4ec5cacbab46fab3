import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteStore, pgliteTemplate } from '../../src/adapters/postgres/pglite.js';
import type { PostgresStore } from '../../src/adapters/postgres/store/postgres-store.js';

/**
 * Issue 15: PGlite runs queries on the server's own thread and resolves them in microtasks, so
 * store calls issued back to back (the sweeper's chain, or the sweeper, webhook rounds and the
 * search's availability re-read queued on the one session) ran as one block and every request
 * waited for the whole chain: 0.3-3.7 s stalls after start on a 100,000-event store. Each query
 * after the first of an event-loop turn now waits for the next turn. Counted in turns (a
 * `setImmediate` ticker), not in milliseconds.
 */
describe('PGlite store: one query per event-loop turn', () => {
  let store: PostgresStore;
  beforeAll(async () => {
    store = await openPgliteStore({ loadDataDir: await pgliteTemplate() });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  /** Counts event-loop turns (one per check phase) until stopped. */
  function turnCounter(): { readonly turns: number; stop(): void } {
    let turns = 0;
    let on = true;
    const tick = () => {
      turns++;
      if (on) setImmediate(tick);
    };
    setImmediate(tick);
    return {
      get turns() {
        return turns;
      },
      stop: () => {
        on = false;
      },
    };
  }

  it('lets the event loop turn between one caller\'s chained queries', async () => {
    await store.now();
    const counter = turnCounter();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await store.now();
      seen.push(counter.turns);
    }
    counter.stop();
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it('lets the event loop turn before the next waiter on the session runs its query', async () => {
    await store.now();
    const counter = turnCounter();
    const seen: number[] = [];
    await Promise.all([store.now(), store.getEvent('evt_none'), store.catalogVersion(), store.now()].map((p) => p.then(() => seen.push(counter.turns))));
    counter.stop();
    expect(seen).toHaveLength(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

});
