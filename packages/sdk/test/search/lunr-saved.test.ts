import { access, mkdtemp, readFile, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_SEARCH_INDEX_FILE, legacySearchIndexPathsOf, MemoryStore, SEARCH_INDEX_FILE, searchIndexPathOf } from '../../src/index.js';
import { LunrSearchIndex, preloadSearchIndex } from '../../src/adapters/search/lunr/index.js';
import { readAvailability } from '../../src/adapters/search/catalog-source.js';
import type { SearchQuery } from '../../src/ports/search.js';
import { generateCatalog, loadCatalog } from '../../src/testing/index.js';

/**
 * The saved index (format 3: a layout line and the structures' typed arrays as bytes, events
 * kept as JSON until shown) restores every structure a query runs on: a loaded index answers
 * exactly as the build it was saved from, and a damaged file is rebuilt, never half-used.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const base: SearchQuery = { words: [], phrase: '', start: null, end: null, city: null, venueId: null, type: null, performerId: null, minPrice: null, maxPrice: null, onlyAvailable: false, near: null, sort: 'relevance', offset: 0, limit: 20, facets: [] };
const words = (keyword: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({ ...base, words: keyword.split(' '), phrase: keyword, ...extra });

async function savedIndexOf(events: number): Promise<{ store: MemoryStore; persistPath: string; reads: () => number }> {
  const dir = await mkdtemp(join(tmpdir(), 'bo-lunr-saved-'));
  dirs.push(dir);
  const store = new MemoryStore();
  await loadCatalog(store, generateCatalog({ events, seed: 33 }));
  let reads = 0;
  const listEvents = store.listEvents.bind(store);
  store.listEvents = async (o) => (reads++, listEvents(o));
  return { store, persistPath: join(dir, 'search-index'), reads: () => reads };
}

describe('the saved lunr index', () => {
  it('answers every kind of query and suggestion exactly as the build it was saved from', { timeout: 60_000 }, async () => {
    const { store, persistPath, reads } = await savedIndexOf(3000);
    const [first] = await store.listEvents({ limit: 1, offset: 0 });
    const city = (await store.getVenue(first!.venueId))!.city.toLowerCase();
    const queries: SearchQuery[] = [
      words('tour'),
      words('new york', { facets: ['type', 'city', 'month', 'priceBand'] }),
      words('tuor'), // a typo
      words('fest'), // a prefix
      words('tour live', { offset: 20, sort: 'date' }),
      words('tour', { sort: 'price', onlyAvailable: true }),
      words('hamlet', { type: 'theatre' }),
      { ...base, sort: 'date', facets: ['type'] },
      { ...base, sort: 'popularity', limit: 50 },
      { ...base, sort: 'price', venueId: first!.venueId },
      { ...base, sort: 'date', performerId: first!.performerIds[0] ?? null },
      { ...base, sort: 'date', city },
      { ...base, sort: 'date', start: Date.parse(first!.startsAt), end: Date.parse(first!.startsAt) + 30 * 86_400_000 },
      { ...base, sort: 'date', near: { lat: 48.85, lon: 2.35, radiusKm: 500 } },
    ];
    const prefixes = ['new', 'lon', 'hamlte', 'fes', 'york'];
    const ask = async (index: LunrSearchIndex) => ({
      hits: await Promise.all(queries.map((q) => index.search(q))),
      suggestions: await Promise.all(prefixes.map((prefix) => index.suggest({ prefix, limit: 8 }))),
    });

    const builder = new LunrSearchIndex({ store, persistPath });
    const built = await ask(builder);
    await builder.saved();
    await builder.close();
    expect(reads()).toBeGreaterThan(0);
    expect(built.hits.every((h) => h.total >= 0)).toBe(true);
    expect(built.hits.filter((h) => h.items.length > 0).length).toBeGreaterThan(queries.length / 2);
    expect(built.suggestions.filter((s) => s.length > 0).length).toBeGreaterThan(2);
    const header = JSON.parse((await readFile(persistPath, 'utf8')).split('\n', 1)[0]!) as { format: string; events: number };
    expect(header).toMatchObject({ format: 'boxoffice-search-lunr/3', events: 3000 });

    const before = reads();
    let loaded: boolean | null = null;
    const loader = new LunrSearchIndex({ store, persistPath, onReady: (info) => (loaded = info.loaded) });
    expect(await ask(loader)).toEqual(built);
    expect(loaded).toBe(true);
    expect(reads()).toBe(before); // no catalog read: everything came from the file
    await loader.close();
  });

  it('starts from an index saved under the old .jsonl name, then keeps it under the new name only', { timeout: 60_000 }, async () => {
    const { store, persistPath: scratch, reads } = await savedIndexOf(1000);
    const storeDir = dirname(scratch);
    const path = searchIndexPathOf(storeDir)!;
    const [legacy] = legacySearchIndexPathsOf(storeDir);
    expect(path).toBe(join(storeDir, SEARCH_INDEX_FILE));
    expect(path).toMatch(/\.bin$/);
    expect(legacy).toBe(join(storeDir, LEGACY_SEARCH_INDEX_FILE));
    // What an older version left: the same format 3, under the old name.
    const older = new LunrSearchIndex({ store, persistPath: legacy! });
    const built = await older.search(words('tour'));
    await older.saved();
    await older.close();

    const exists = (file: string) => access(file).then(() => true, () => false);
    const before = reads();
    const preloaded = await preloadSearchIndex(path, [legacy!]);
    expect(preloaded?.path).toBe(legacy);
    let loaded: boolean | null = null;
    const index = new LunrSearchIndex({ store, persistPath: path, legacyPersistPaths: [legacy!], preloaded: preloaded!, onReady: (info) => (loaded = info.loaded) });
    expect(await index.search(words('tour'))).toEqual(built);
    expect(loaded).toBe(true);
    expect(reads()).toBe(before); // loaded, not built
    await index.saved(); // saved under the new name, the old one removed
    await index.close();
    expect(await exists(path)).toBe(true);
    expect(await exists(legacy!)).toBe(false);

    // The next start finds the new name.
    let again: boolean | null = null;
    const next = new LunrSearchIndex({ store, persistPath: path, legacyPersistPaths: [legacy!], onReady: (info) => (again = info.loaded) });
    expect(await next.search(words('tour'))).toEqual(built);
    expect(again).toBe(true);
    expect(reads()).toBe(before);
    await next.close();
  });

  it('builds anew from a truncated file and answers from the build', { timeout: 60_000 }, async () => {
    const { store, persistPath, reads } = await savedIndexOf(1500);
    const builder = new LunrSearchIndex({ store, persistPath });
    const built = await builder.search(words('tour'));
    await builder.saved();
    await builder.close();
    const size = (await readFile(persistPath)).length;
    await truncate(persistPath, Math.floor(size / 2));

    const before = reads();
    let loaded: boolean | null = null;
    const again = new LunrSearchIndex({ store, persistPath, onReady: (info) => (loaded = info.loaded) });
    expect(await again.search(words('tour'))).toEqual(built);
    expect(loaded).toBe(false);
    expect(reads()).toBeGreaterThan(before);
    expect(String(again.lastError)).toContain('truncated');
    await again.close();
  });
});

describe('availability re-read behind an answering index', () => {
  /** A store whose availability query holds the thread 20 ms, as a PGlite query does (in the same thread). */
  function busyStore(events: number) {
    const ids = Array.from({ length: events }, (_, i) => `evt_${i}`);
    let queries = 0;
    const store = {
      summarizeAvailability: async (of: readonly string[]) => {
        queries++;
        const until = performance.now() + 20;
        while (performance.now() < until) {
          // the query's work, on this thread
        }
        return of.map((eventId) => ({ eventId, available: 1, minPrice: 100 }));
      },
    } as unknown as Parameters<typeof readAvailability>[0];
    return { store, ids, queries: () => queries };
  }

  async function timed(work: () => Promise<unknown>): Promise<{ ms: number }> {
    const started = performance.now();
    await work();
    return { ms: performance.now() - started };
  }

  it('paced (background): small queries with a rest as long as each, so it holds at most half of the thread', async () => {
    const eager = busyStore(1000);
    const paced = busyStore(1000);
    const a = await timed(() => readAvailability(eager.store, eager.ids));
    const b = await timed(() => readAvailability(paced.store, paced.ids, { background: true }));
    expect(eager.queries()).toBe(10); // 100 events a query
    expect(paced.queries()).toBe(40); // 25 events a query
    // The thread's busy time is 20 ms a query either way; paced, it rests as long again after each.
    expect(b.ms).toBeGreaterThanOrEqual(2 * 40 * 20 * 0.95);
    // ...and the eager read does not rest (a turn of the loop between queries only).
    expect(a.ms).toBeLessThan(b.ms / 2);
    expect((await readAvailability(paced.store, paced.ids, { background: true })).length).toBe(1000);
  });
});
