import { describe, expect, it } from 'vitest';
import type { SearchInput } from '../../domain/inputs.js';
import { useSearchWorld, type SearchFactory } from './search-fixtures.js';

export function filterCases(factory: SearchFactory): void {
  describe('filters, paging and facets', () => {
    const w = useSearchWorld(factory);
    const ids = async (query: SearchInput) => (await w.bo.searchEvents({ pageSize: 100, ...query })).items.map((e) => e.id);
    const in2031 = { start: '2031-01-01T00:00:00Z', end: '2031-12-31T23:59:59Z' };

    it('filters by a date range, keeping events that overlap it', async () => {
      const feb = await ids({ start: '2031-02-01T00:00:00Z', end: '2031-02-28T23:59:59Z' });
      expect(new Set(feb)).toEqual(new Set([w.events.portoFeb.id, w.events.saoPaulo.id]));
      // The three-day festival overlaps a window starting after it began.
      expect(await ids({ start: '2031-02-22T00:00:00Z', end: '2031-02-22T12:00:00Z' })).toEqual([w.events.saoPaulo.id]);
      expect(await ids({ keyword: 'pitanga', start: '2031-02-01T00:00:00Z' })).not.toContain(w.events.lisbonJan.id);
    });

    it('filters by city (any case and accents), venue, type and performer', async () => {
      const lisbon = await ids({ ...in2031, city: 'lisbon' });
      expect(new Set(lisbon)).toEqual(new Set([w.events.performer.id, w.events.bothPerformerWords.id, w.events.lisbonJan.id, w.events.tiny.id]));
      expect(await ids({ ...in2031, city: 'SAO PAULO' })).toEqual([w.events.saoPaulo.id]);
      expect(await ids({ city: 'Atlantis' })).toEqual([]);
      expect(await ids({ venueId: w.venues.porto.id })).toEqual([w.events.portoFeb.id]);
      expect(await ids({ ...in2031, type: 'theatre' })).toEqual([w.events.exact.id, w.events.allWords.id]);
      expect(await ids({ performerId: w.performers.quokka.id })).toEqual([w.events.performer.id]);
      expect(await ids({ performerId: 'prf_nobody' })).toEqual([]);
    });

    it('filters by the cheapest available price and by availability', async () => {
      expect(await ids({ ...in2031, keyword: 'pitanga', minPrice: 10_000, maxPrice: 20_000 })).toEqual([w.events.portoFeb.id]);
      expect(await ids({ ...in2031, maxPrice: 1_000 })).toEqual([w.events.tiny.id]);
      expect(await ids({ ...in2031, onlyAvailable: true })).toContain(w.events.tiny.id);
    });

    it('filters by distance from a point', async () => {
      const near = await ids({ ...in2031, lat: 38.72, lon: -9.14, radiusKm: 10 });
      expect(near).toContain(w.events.lisbonJan.id);
      expect(near).not.toContain(w.events.portoFeb.id);
      // Porto is ~274 km from Lisbon.
      const wide = await ids({ ...in2031, lat: 38.72, lon: -9.14, radiusKm: 300 });
      expect(wide).toContain(w.events.portoFeb.id);
      expect(wide).not.toContain(w.events.saoPaulo.id);
    });

    it('sorts by date without a keyword, pages without overlap, and counts the total', async () => {
      // The generated catalog starts in 2026: count its ended events too.
      const all = await w.bo.searchEvents({ pageSize: 100, includePast: true });
      expect(all.total).toBe(130);
      const dates = all.items.map((e) => Date.parse(e.startsAt));
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
      const pages = await Promise.all([1, 2, 3].map((page) => w.bo.searchEvents({ page, pageSize: 7, ...in2031 })));
      expect(pages.map((p) => p.total)).toEqual([10, 10, 10]);
      expect(pages.map((p) => p.items.length)).toEqual([7, 3, 0]);
      expect(new Set(pages.flatMap((p) => p.items.map((e) => e.id))).size).toBe(10);
      expect(pages[1]).toMatchObject({ page: 2, pageSize: 7 });
    });

    it('sorts by price (cheapest available first) and by popularity', async () => {
      const byPrice = (await w.bo.searchEvents({ ...in2031, sort: 'price', pageSize: 3 })).items.map((e) => e.id);
      expect(byPrice).toEqual([w.events.tiny.id, w.events.lisbonJan.id, w.events.exact.id]);
      const byPopularity = (await w.bo.searchEvents({ ...in2031, sort: 'popularity', pageSize: 2 })).items.map((e) => e.id);
      expect(byPopularity).toEqual([w.events.oneWordA.id, w.events.oneWordB.id]);
    });

    it('counts facets over every match, not just the page', async () => {
      const result = await w.bo.searchEvents({ ...in2031, pageSize: 1, facets: true });
      expect(result.items).toHaveLength(1);
      expect(result.facets?.type).toEqual([
        { value: 'concert', count: 4 },
        { value: 'theatre', count: 2 },
        { value: 'comedy', count: 1 },
        { value: 'family', count: 1 },
        { value: 'festival', count: 1 },
        { value: 'other', count: 1 },
      ]);
      expect(result.facets?.city).toEqual([
        { value: 'Lisbon', count: 4 },
        { value: 'London', count: 4 },
        { value: 'Porto', count: 1 },
        { value: 'São Paulo', count: 1 },
      ]);
      expect(result.facets?.month?.map((m) => m.value)).toEqual(['2031-01', '2031-02', '2031-03', '2031-04', '2031-06']);
      expect(result.facets?.priceBand).toEqual([
        { value: 'under-25', count: 2 },
        { value: '50-100', count: 6 },
        { value: '100-200', count: 1 },
        { value: '200-plus', count: 1 },
      ]);
      const some = await w.bo.searchEvents({ ...in2031, facets: ['type'] });
      expect(Object.keys(some.facets ?? {})).toEqual(['type']);
      expect((await w.bo.searchEvents({ ...in2031 })).facets).toBeUndefined();
    });
  });
}
