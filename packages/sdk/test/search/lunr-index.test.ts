import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, createBoxOffice, createTestGateway } from '../../src/index.js';
import { LunrSearchIndex } from '../../src/adapters/search/lunr/index.js';
import type { SearchQuery } from '../../src/ports/search.js';
import { generateCatalog, loadCatalog } from '../../src/testing/index.js';

/** lunr-specific behaviour: the saved index, rebuilds off the hot path, the default wiring. */
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function seeded(events: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  await loadCatalog(store, generateCatalog({ events, seed: 21 }));
  return store;
}

const query: SearchQuery = { words: ['hamlet'], phrase: 'hamlet', start: null, end: null, city: null, venueId: null, type: null, performerId: null, minPrice: null, maxPrice: null, onlyAvailable: false, near: null, sort: 'relevance' as const, offset: 0, limit: 5, facets: [] };

describe('lunr search index', () => {
  it('saves its build with the catalog version and starts from it instead of rebuilding', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bo-lunr-'));
    dirs.push(dir);
    const persistPath = join(dir, 'search-index.jsonl');
    const store = await seeded(3000);
    const first = new LunrSearchIndex({ store, persistPath });
    const built = await first.search(query);
    await first.close();

    // A second "process" on the same catalog: no catalog read at all, same answers.
    let listed = 0;
    const listEvents = store.listEvents.bind(store);
    store.listEvents = async (o) => (listed++, listEvents(o));
    const second = new LunrSearchIndex({ store, persistPath });
    expect(await second.search(query)).toEqual(built);
    expect(listed).toBe(0);
    await second.close();

    // The catalog changed since: the saved build is ignored and the index rebuilt.
    await store.updateEvent({ ...(await store.getEvent(built.items[0]!.id))!, title: 'Hamlet Reloaded' });
    const third = new LunrSearchIndex({ store, persistPath });
    expect((await third.search(query)).items.map((e) => e.title)).toContain('Hamlet Reloaded');
    expect(listed).toBeGreaterThan(0);
    await third.close();
  });

  it('keeps answering from the current build while the next one is built, then swaps it in', async () => {
    const store = await seeded(4000);
    const index = new LunrSearchIndex({ store, pollIntervalMs: 20, rebuildDebounceMs: 10 });
    await index.search(query);
    const before = index.snapshot;
    const venue = (await store.getVenue((await store.listEvents({ limit: 1, offset: 0 }))[0]!.venueId))!;
    await store.createEvent({ event: { ...(await store.listEvents({ limit: 1, offset: 0 }))[0]!, id: 'evt_hamlet-new', title: 'Hamlet in Space' }, places: [], ticketIdPrefix: 'tkt_hn-' });
    let answered = 0;
    const started = Date.now();
    while (index.snapshot === before && Date.now() - started < 10_000) {
      const t = performance.now();
      await index.search(query);
      // Every query during the rebuild is answered promptly from the old build.
      expect(performance.now() - t).toBeLessThan(250);
      answered++;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(index.snapshot).not.toBe(before);
    expect(answered).toBeGreaterThan(0);
    expect((await index.search(query)).items.map((e) => e.id)).toContain('evt_hamlet-new');
    expect(venue).not.toBeNull();
    await index.close();
  });

  it('answers a repeated word from its kept hits exactly as the first time, alone or with others', async () => {
    const store = await seeded(3000);
    const index = new LunrSearchIndex({ store });
    type Extra = Partial<Omit<SearchQuery, 'words' | 'phrase'>>;
    const ask = (keyword: string, extra: Extra = {}) => {
      const words = keyword.split(' ');
      return index.search({ ...query, words, phrase: keyword, limit: 20, ...extra });
    };
    const cases: Array<[string, Extra]> = [
      ['tour', {}],
      ['new york', {}],
      ['tour live', { offset: 20 }],
      ['tuor', {}],
      ['tour', { sort: 'date' }],
      ['tour', { type: 'concert' }],
    ];
    const first = [];
    for (const [k, extra] of cases) first.push(await ask(k, extra));
    for (const [i, [k, extra]] of cases.entries()) expect(await ask(k, extra)).toEqual(first[i]);
    expect(first[0]!.total).toBeGreaterThan(0);
    await index.close();
  });

  it('answers UNAVAILABLE at once until its first build, and keeps a sale made while availability was read', async () => {
    const store = await seeded(3000);
    const [target] = await store.listEvents({ limit: 1, offset: 0 });
    const ticketIds = (await store.getTickets(target!.id)).map((t) => t.id);
    const soldOut = { ...query, words: [], phrase: '', sort: 'date' as const, venueId: target!.venueId, onlyAvailable: true, limit: 1000 };
    let index: LunrSearchIndex | undefined;
    let blocked = false;
    const summarize = store.summarizeAvailability.bind(store);
    // The first availability read of the build returns what it read, then every seat of the
    // target is taken off sale and announced: the announcement reaches no built index yet.
    store.summarizeAvailability = async (ids) => {
      const read = await summarize(ids);
      if (!blocked && ids?.includes(target!.id)) {
        blocked = true;
        await store.blockTickets({ blockId: 'blk_during-build', eventId: target!.id, ticketIds });
        index!.availabilityChanged([target!.id]);
        await new Promise((r) => setTimeout(r, 50));
      }
      return read;
    };
    index = new LunrSearchIndex({ store, buildAtStart: true, whileBuilding: 'unavailable', availabilityDebounceMs: 0 });
    const t = performance.now();
    await expect(index.search(query)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(performance.now() - t).toBeLessThan(50);
    while (!index.ready) await new Promise((r) => setTimeout(r, 20));
    expect(blocked).toBe(true);
    const ids = (await index.search(soldOut)).items.map((e) => e.id);
    expect(ids).not.toContain(target!.id);
    expect((await index.search({ ...soldOut, onlyAvailable: false })).items.map((e) => e.id)).toContain(target!.id);
    await index.close();
  });

  it('is the default search of createBoxOffice', async () => {
    const store = await seeded(200);
    const bo = createBoxOffice({ store, payments: createTestGateway() });
    const result = await bo.searchEvents({ pageSize: 5, includePast: true });
    expect(result).toMatchObject({ total: 200, page: 1, pageSize: 5 });
    expect(result.items).toHaveLength(5);
    await bo.close();
  });
});
