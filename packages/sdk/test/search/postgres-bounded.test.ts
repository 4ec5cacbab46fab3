import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoxOffice, createTestGateway } from '../../src/index.js';
import { PostgresSearchIndex } from '../../src/adapters/search/postgres/index.js';
import { walkPopularity } from '../../src/adapters/search/postgres/bounded-search.js';
import type { BoxOffice } from '../../src/box-office.js';
import type { Event } from '../../src/domain/types.js';
import type { SearchQuery } from '../../src/ports/search.js';
import { eachBackend, type OpenedStore } from '../postgres/harness.js';

/**
 * The PostgreSQL adapter's bounded plan (a keyword or filter matching more events than it ranks
 * or counts), forced on a small catalog by a tiny candidate limit: the relevance rules still
 * hold, a total that is not exact says so, and with enough candidates the answer is the
 * unbounded one.
 */
const query = (over: Partial<SearchQuery>): SearchQuery => ({
  words: [], phrase: '', start: null, end: null, city: null, venueId: null, type: null, performerId: null, minPrice: null, maxPrice: null,
  onlyAvailable: false, near: null, sort: 'relevance', offset: 0, limit: 5, facets: [], ...over,
});
const words = (keyword: string) => ({ words: keyword.split(' '), phrase: keyword });

eachBackend('PostgreSQL search: bounded plan', (backend) => {
  let opened: OpenedStore;
  let bo: BoxOffice;
  const events: Record<string, Event> = {};
  const bounded = (rankCandidates: number) => new PostgresSearchIndex({ store: opened.store, exactMatchLimit: 0, rankCandidates });
  const unbounded = () => new PostgresSearchIndex({ store: opened.store, exactMatchLimit: Number.POSITIVE_INFINITY });

  beforeAll(async () => {
    opened = await backend.open();
    bo = createBoxOffice({ store: opened.store, payments: createTestGateway() });
    const venue = await bo.createVenue({ name: 'Quillhall', city: 'Ostrava', country: 'CZ', lat: 49.82, lon: 18.26, seatMap: { sections: [{ id: 'A', name: 'A', tier: 'standard', rows: [{ label: 'A', seatCount: 2 }] }] } });
    const event = (title: string, popularity: number, startsAt: string) =>
      bo.createEvent({ title, venueId: venue.id, startsAt, onSaleAt: '2024-01-01T00:00:00Z', prices: { standard: 1000 }, maxTicketsPerUser: null, popularity });
    for (let i = 0; i < 8; i++) events[`parade${i}`] = await event(`Walrus Parade ${i}`, 1000 + i, `2032-01-0${i + 1}T20:00:00Z`);
    events.exact = await event('Walrus', 0, '2032-02-01T20:00:00Z');
    events.allWords = await event('Tango of the Walrus', 0, '2032-02-02T20:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await bo.close();
    await opened.cleanup();
  });

  it('puts an unpopular exact title first and flags the total as a lower bound', async () => {
    const index = bounded(3);
    const hits = await index.search(query({ ...words('walrus'), limit: 3 }));
    expect(hits.items[0]!.id).toBe(events.exact!.id);
    expect(hits.totalExact).toBe(false);
    // Three most popular, the exact one, the all-words one is not a candidate of one word: 4 seen of 10.
    expect(hits.total).toBeGreaterThanOrEqual(4);
    expect(hits.total).toBeLessThanOrEqual(10);
    expect(hits.totalEstimate).toBeGreaterThanOrEqual(hits.total);
    await index.close();
  });

  it('ranks an unpopular match of every word above popular matches of some words', async () => {
    const index = bounded(3);
    const hits = await index.search(query({ ...words('walrus tango'), limit: 3 }));
    expect(hits.items[0]!.id).toBe(events.allWords!.id);
    await index.close();
  });

  it('answers exactly as the unbounded plan when the candidates hold every match', async () => {
    const [a, b] = [bounded(50), unbounded()];
    for (const q of [query(words('walrus')), query({ ...words('walrus parade'), offset: 5 }), query(words('tango walrus'))]) {
      const [x, y] = [await a.search(q), await b.search(q)];
      expect(x.totalExact ?? true).toBe(true);
      expect(x.items.map((e) => e.id)).toEqual(y.items.map((e) => e.id));
      expect(x.total).toBe(y.total);
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('caps the count of a large filter-only search, with the same page as the exact plan', async () => {
    const [a, b] = [bounded(3), unbounded()];
    const q = query({ city: 'ostrava', sort: 'popularity', limit: 3 });
    const [x, y] = [await a.search(q), await b.search(q)];
    expect(x.items.map((e) => e.id)).toEqual(y.items.map((e) => e.id));
    expect(y).toMatchObject({ total: 10 });
    expect(y.totalExact).toBeUndefined();
    expect(x).toMatchObject({ total: 3, totalExact: false });
    await Promise.all([a.close(), b.close()]);
  });

  it('reports an exact count when fewer events match than the cap', async () => {
    const index = bounded(50);
    const hits = await index.search(query({ city: 'ostrava', sort: 'date' }));
    expect(hits.total).toBe(10);
    expect(hits.totalExact).toBeUndefined();
    await index.close();
  });
});

describe('PostgreSQL search: walk or fetch', () => {
  it('walks the popularity index only for matches dense enough to find `limit` of them soon', () => {
    expect(walkPopularity({ matches: 190_000, catalog: 1_000_000 }, 200)).toBe(true);
    expect(walkPopularity({ matches: 6_000, catalog: 1_000_000 }, 200)).toBe(false);
    expect(walkPopularity({ matches: 6_000, catalog: 100_000 }, 200)).toBe(true);
  });
});
