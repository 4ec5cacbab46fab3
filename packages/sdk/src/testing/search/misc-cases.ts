import { describe, expect, it } from 'vitest';
import { codeOf } from '../conformance/harness.js';
import { useSearchWorld, within, type SearchFactory } from './search-fixtures.js';

export function suggestCases(factory: SearchFactory): void {
  describe('suggestions', () => {
    const w = useSearchWorld(factory);
    const texts = async (prefix: string, limit?: number) => (await w.bo.suggest(prefix, limit === undefined ? {} : { limit })).map((s) => `${s.kind}:${s.text}`);

    it('suggests titles, performers, venues and cities for a prefix, also mid-name', async () => {
      expect(await texts('marzi')).toEqual(expect.arrayContaining(['event:Marzipan Dreams', 'event:Marzipan Factory Tour']));
      expect(await texts('velvet q')).toContain('performer:Velvet Quokka');
      expect(await texts('quokka')).toEqual(expect.arrayContaining(['performer:Velvet Quokka', 'venue:Coliseu Quokkaland']));
      expect(await texts('paulo')).toContain('city:São Paulo');
      expect(await texts('sao p')).toContain('city:São Paulo');
    });

    it('tolerates a typo in the word being typed, ranks by popularity, honours the limit', async () => {
      expect(await texts('kumqaut')).toContain('performer:Kumquat Philharmonic');
      expect(await texts('marzipna')).toEqual(expect.arrayContaining(['event:Marzipan Dreams']));
      const ranked = await w.bo.suggest('marzipan');
      // Factory Tour (popularity 900) before Dreams (10).
      expect(ranked.findIndex((s) => s.text === 'Marzipan Factory Tour')).toBeLessThan(ranked.findIndex((s) => s.text === 'Marzipan Dreams'));
      expect(await texts('l', 3)).toHaveLength(3);
      const performer = (await w.bo.suggest('velvet quokka')).find((s) => s.kind === 'performer');
      expect(performer?.id).toBe(w.performers.quokka.id);
    });

    it('returns nothing for nothing, and refuses bad input naming the field', async () => {
      expect(await w.bo.suggest('')).toEqual([]);
      expect(await w.bo.suggest('*~^')).toEqual([]);
      expect(await w.bo.suggest('zzzzqqqxxx')).toEqual([]);
      expect(await codeOf(() => w.bo.suggest('x'.repeat(101)))).toEqual({ code: 'VALIDATION', field: 'prefix' });
      expect(await codeOf(() => w.bo.suggest('ab', { limit: 0 }))).toEqual({ code: 'VALIDATION', field: 'limit' });
    });
  });
}

export function validationCases(factory: SearchFactory): void {
  describe('bad input', () => {
    const w = useSearchWorld(factory);
    const bad = (query: unknown) => codeOf(() => w.bo.searchEvents(query as never));

    it('refuses bad queries with a VALIDATION error naming the field', async () => {
      expect(await bad({ pageSize: 0 })).toEqual({ code: 'VALIDATION', field: 'pageSize' });
      expect(await bad({ pageSize: 1000 })).toEqual({ code: 'VALIDATION', field: 'pageSize' });
      expect(await bad({ pageSize: 2.5 })).toEqual({ code: 'VALIDATION', field: 'pageSize' });
      expect(await bad({ page: 0 })).toEqual({ code: 'VALIDATION', field: 'page' });
      expect(await bad({ page: -1 })).toEqual({ code: 'VALIDATION', field: 'page' });
      expect(await bad({ start: '2031-02-01T00:00:00Z', end: '2031-01-01T00:00:00Z' })).toEqual({ code: 'VALIDATION', field: 'end' });
      expect(await bad({ start: 'next tuesday' })).toEqual({ code: 'VALIDATION', field: 'start' });
      expect(await bad({ end: '2031-13-45' })).toEqual({ code: 'VALIDATION', field: 'end' });
      expect(await bad({ radiusKm: 5 })).toEqual({ code: 'VALIDATION', field: 'radiusKm' });
      expect(await bad({ lat: 200, lon: 0 })).toEqual({ code: 'VALIDATION', field: 'lat' });
      expect(await bad({ lat: 10 })).toEqual({ code: 'VALIDATION', field: 'lon' });
      expect(await bad({ keyword: 'x'.repeat(10_240) })).toEqual({ code: 'VALIDATION', field: 'keyword' });
      expect(await bad({ type: 'opera' })).toEqual({ code: 'VALIDATION', field: 'type' });
      expect(await bad({ venueId: '../etc' })).toEqual({ code: 'VALIDATION', field: 'venueId' });
      expect(await bad({ minPrice: 500, maxPrice: 100 })).toEqual({ code: 'VALIDATION', field: 'maxPrice' });
      expect(await bad({ sort: 'random' })).toEqual({ code: 'VALIDATION', field: 'sort' });
      expect(await bad({ page: 200, pageSize: 100 })).toEqual({ code: 'VALIDATION', field: 'page' });
      expect(await bad({ bogus: 1 })).toMatchObject({ code: 'VALIDATION' });
    });

    it('accepts query-string shaped input (numbers and booleans as text)', async () => {
      const result = await w.bo.searchEvents({ pageSize: '5', page: '1', onlyAvailable: 'true', lat: '38.72', lon: '-9.14', radiusKm: '10' } as never);
      expect(result.pageSize).toBe(5);
      expect(result.items.map((e) => e.id)).toContain(w.events.lisbonJan.id);
    });
  });
}

export function freshnessCases(factory: SearchFactory): void {
  describe('freshness', () => {
    const w = useSearchWorld(factory);
    const SLACK_MS = 1000;

    it('makes a new or changed event searchable within the documented bound', async () => {
      const bound = w.search.freshness.catalogMs + SLACK_MS;
      const created = await w.bo.createEvent({
        title: 'Freshly Baked Kumquat Opera', venueId: w.venues.porto.id, startsAt: '2031-05-05T20:00:00Z', prices: { standard: 4000 }, onSaleAt: '2024-01-01T00:00:00Z',
      });
      const ms = await within(bound, async () => (await w.bo.searchEvents({ keyword: 'freshly baked' })).items.some((e) => e.id === created.id));
      expect(ms).toBeLessThanOrEqual(bound);
      await w.bo.updateEvent(created.id, { title: 'Stale Quince Opera' });
      await within(w.search.freshness.catalogMs + SLACK_MS, async () => {
        const found = (await w.bo.searchEvents({ keyword: 'quince' })).items;
        return found.some((e) => e.id === created.id && e.title === 'Stale Quince Opera');
      });
    });

    it('hides events that have ended unless includePast is set', async () => {
      const past = await w.bo.createEvent({
        title: 'Bygone Zither Ball', venueId: w.venues.porto.id, startsAt: '2024-03-01T20:00:00Z', prices: { standard: 4000 }, onSaleAt: '2024-01-01T00:00:00Z',
      });
      const future = await w.bo.createEvent({
        title: 'Coming Zither Ball', venueId: w.venues.porto.id, startsAt: '2031-03-01T20:00:00Z', prices: { standard: 4000 }, onSaleAt: '2024-01-01T00:00:00Z',
      });
      const ids = async (query: Parameters<typeof w.bo.searchEvents>[0]) => (await w.bo.searchEvents(query)).items.map((e) => e.id);
      await within(w.search.freshness.catalogMs + SLACK_MS, async () => (await ids({ keyword: 'zither', includePast: true })).includes(past.id));
      expect(await ids({ keyword: 'zither', includePast: true })).toEqual(expect.arrayContaining([past.id, future.id]));
      expect(await ids({ keyword: 'zither' })).toEqual([future.id]);
      // A start in the past still cannot bring ended events back without includePast.
      expect(await ids({ keyword: 'zither', start: '2024-01-01' })).toEqual([future.id]);
      expect(await ids({ keyword: 'zither', start: '2024-01-01', end: '2024-12-31', includePast: true })).toEqual([past.id]);
    });

    it('reflects a sold-out event in availability filters within the documented bound', async () => {
      const event = w.events.tiny;
      const seats = (await w.bo.getTickets(event.id)).map((t) => t.id);
      expect(await w.bo.searchEvents({ venueId: w.venues.tiny.id, onlyAvailable: true })).toMatchObject({ total: 1 });
      await w.bo.hold({ eventId: event.id, userId: 'usr_fresh', ticketIds: seats });
      const bound = w.search.freshness.availabilityMs + SLACK_MS;
      await within(bound, async () => (await w.bo.searchEvents({ venueId: w.venues.tiny.id, onlyAvailable: true })).total === 0);
      const facets = (await w.bo.searchEvents({ venueId: w.venues.tiny.id, facets: ['priceBand'] })).facets;
      expect(facets?.priceBand).toEqual([{ value: 'sold-out', count: 1 }]);
    });
  });
}
