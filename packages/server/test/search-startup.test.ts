import { createBoxOffice, createTestGateway, MemoryStore } from '@boxoffice/sdk';
import { generateCatalog, loadCatalog } from '@boxoffice/sdk/testing';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import { searchAtStartup } from '../src/search-startup.js';
import { SECRET } from './helpers.js';

/**
 * Issue 15, item 7: the first search on a big catalog built the index on the request path and
 * held every other request for seconds. Now the index is built at start-up off the event loop;
 * meanwhile search answers 503 (memory store: no SQL search to answer instead) and nothing
 * else waits. The catalog is big enough that the build takes well over the 200 ms bound.
 */
const EVENTS = 30_000;
const BOUND_MS = 200;

interface Probe {
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

/** Longest gap between ticks of a 10 ms timer: how long the event loop was held at once. */
function stallMonitor(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return worst;
    },
  };
}

describe('search index built at start-up', () => {
  it(`keeps every other request under ${BOUND_MS} ms while the index of ${EVENTS.toLocaleString('en-US')} events is built`, { timeout: 180_000 }, async () => {
    const store = new MemoryStore();
    const catalog = generateCatalog({ events: EVENTS, seed: 15 });
    await loadCatalog(store, catalog);
    const eventId = catalog.event(EVENTS - 1).id;
    // Node loads its fetch client on first use (~100-200 ms of this thread): not the server's doing.
    await (await fetch('data:text/plain,warm-up')).text();

    const started = performance.now();
    const bo = createBoxOffice({ store, payments: createTestGateway(), lunr: await searchAtStartup(store, 'memory') });
    // The probes are anonymous and many (more the longer the build takes on a loaded machine):
    // the per-address limit for anonymous traffic is out of this test's way (429 is not its subject).
    const rateLimit = { perAnonymousIp: { limit: 1_000_000, windowMs: 10_000 } };
    const server = await startServer({ boxOffice: bo, port: 0, secret: SECRET, logger: false, sweepIntervalMs: 0, webhookIntervalMs: 0, rateLimit });
    // From the moment requests can arrive (the server's own set-up before listening delays none).
    const monitor = stallMonitor();
    const timed = async (path: string): Promise<Probe & { res: Response }> => {
      const t = performance.now();
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer().catch(() => undefined);
      return { path, status: res.status, ms: performance.now() - t, res };
    };
    try {
      // Before the index is ready: not ready, and search says so at once instead of waiting.
      const readyz = await timed('/readyz');
      expect(readyz.status).toBe(503);

      // /healthz and an event's page every 20 ms while the first searches are asked.
      const probes: Promise<Probe>[] = [];
      let searching = true;
      const prober = (async () => {
        while (searching) {
          probes.push(timed('/healthz'), timed(`/events/${eventId}`));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const searches: Probe[] = [];
      let readyAfterMs = 0;
      for (let i = 0; i < 2000; i++) {
        const s = await timed('/events/search?keyword=festival&includePast=true&pageSize=5');
        searches.push(s);
        if (s.status === 200) {
          readyAfterMs = performance.now() - started;
          break;
        }
        expect(s.status).toBe(503);
        expect(s.res.headers.get('retry-after')).toBe('1');
        await new Promise((r) => setTimeout(r, 50));
      }
      // A little more traffic once search answers from the index.
      await new Promise((r) => setTimeout(r, 300));
      searching = false;
      await prober;
      const answered = (await Promise.all(probes)).map(({ path, status, ms }) => ({ path, status, ms: Math.round(ms) }));
      const stall = monitor.stop();

      // The build took well over the bound: the test measures something.
      expect(readyAfterMs).toBeGreaterThan(3 * BOUND_MS);
      expect(answered.length).toBeGreaterThan(20);
      // Nothing was shed or failed...
      expect(answered.filter((p) => p.status !== 200)).toEqual([]);
      // ...and the event loop was never held long: no request waited behind the build. (A
      // probe's own latency also counts this machine's CPU starvation at a load of 10+ on two
      // cores, so it is reported, not asserted; the stall is what the build could cause.)
      expect(stall).toBeLessThan(BOUND_MS);
      const slowest = (list: Probe[]) => list.reduce((a, b) => (b.ms > a.ms ? b : a));
      expect((await timed('/readyz')).status).toBe(200);
      const median = answered.map((p) => p.ms).sort((a, b) => a - b)[answered.length >> 1]!;
      console.info(
        `index ready after ${Math.round(readyAfterMs)} ms; longest event-loop stall ${Math.round(stall)} ms; ${answered.length} probes: ` +
          `median ${Math.round(median)} ms, slowest ${Math.round(slowest(answered).ms)} ms; ${searches.length} searches, slowest ${Math.round(slowest(searches).ms)} ms`,
      );
    } finally {
      monitor.stop();
      await server.close();
      await bo.close();
    }
  });
});
