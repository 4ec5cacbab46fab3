import { describe, expect, it } from 'vitest';
import { MemoryStore, MemorySearchCache, adaptiveTtl, createBoxOffice, createTestGateway } from '../../src/index.js';
import { RedisSearchCache } from '../../src/adapters/redis.js';
import { LunrSearchIndex } from '../../src/adapters/search/lunr/index.js';
import { SearchResultCache } from '../../src/services/search-result-cache.js';
import { adaptersUnderTest, generateCatalog, loadCatalog, requireService } from '../../src/testing/index.js';

const REDIS_URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('search result cache', () => {
  it('lives longer for popular queries, within its bounds', () => {
    expect([1, 2, 3, 4, 8, 16, 1000].map((h) => adaptiveTtl(h, 1000, 15_000))).toEqual([1000, 2000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('answers a repeated query from the cache, and a catalog change is searchable at once after the index has it', async () => {
    const store = new MemoryStore();
    await loadCatalog(store, generateCatalog({ events: 300, seed: 5 }));
    const index = new LunrSearchIndex({ store });
    const cache = new MemorySearchCache();
    const bo = createBoxOffice({ store, payments: createTestGateway(), search: index, searchCache: cache });
    try {
      await index.refresh(); // built: answers carry its catalog version from now on
      // The index answers once; the same query (in any spelling that normalises alike) is a hit.
      let calls = 0;
      const search = index.search.bind(index);
      index.search = async (q) => (calls++, search(q));
      const first = await bo.searchEvents({ keyword: 'Zanzibar Quokka' });
      expect(await bo.searchEvents({ keyword: 'ZANZIBAR quokka' })).toEqual(first);
      expect(calls).toBe(1);
      expect(first.total).toBe(0);

      // A new event: once the index has rebuilt, its version is in the key: no stale empty page.
      const venue = await bo.createVenue({ name: 'Hall', city: 'Porto', lat: 41.1, lon: -8.6, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'A', seatCount: 4 }] }] } });
      await bo.createEvent({ title: 'Zanzibar Quokka Live', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 1000 } });
      await index.refresh();
      const after = await bo.searchEvents({ keyword: 'zanzibar quokka' });
      expect(after.items.map((e) => e.title)).toEqual(['Zanzibar Quokka Live']);
      expect(calls).toBe(2);
      // Suggestions go through it too.
      expect(await bo.suggest('zanz')).toEqual(await bo.suggest('ZANZ'));
    } finally {
      await bo.close();
      await cache.close();
    }
  });

  it('treats a failing cache as a miss', async () => {
    const broken = { kind: 'broken', get: async () => Promise.reject(new Error('down')), set: async () => Promise.reject(new Error('down')), close: async () => undefined };
    const rc = new SearchResultCache({ cache: broken, version: async () => 1 });
    expect(await rc.through('search', { q: 1 }, async () => 'fresh')).toBe('fresh');
    expect(rc.stats).toEqual({ hits: 0, misses: 1 });
  });
});

const redis = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisSearchCache.connect({ url: REDIS_URL })).close()));

describe.skipIf(!redis)('search result cache on Redis', () => {
  it('is shared by every process, and entries expire after their lifetime', async () => {
    const prefix = `bo:test:search:${Date.now()}:`;
    const a = await RedisSearchCache.connect({ url: REDIS_URL, prefix });
    const b = await RedisSearchCache.connect({ url: REDIS_URL, prefix });
    try {
      await a.set('k', '{"items":[]}', 300);
      expect(await b.get('k')).toBe('{"items":[]}');
      await new Promise((r) => setTimeout(r, 400));
      expect(await b.get('k')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
