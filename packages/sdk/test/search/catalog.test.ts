import { describe, expect, it } from 'vitest';
import { MemoryStore, createBoxOffice, createTestGateway, distanceKm } from '../../src/index.js';
import { venueInput, eventInput } from '../../src/schemas.js';
import { CITIES, generateCatalog, loadCatalog } from '../../src/testing/index.js';
import { eachBackend } from '../postgres/harness.js';

describe('synthetic catalog', () => {
  it('is deterministic by seed and differs between seeds', () => {
    const a = [...generateCatalog({ events: 500, seed: 7 }).events()];
    const b = [...generateCatalog({ events: 500, seed: 7 }).events()];
    const c = [...generateCatalog({ events: 500, seed: 8 }).events()];
    expect(b).toEqual(a);
    expect(c.map((e) => e.title)).not.toEqual(a.map((e) => e.title));
    const catalog = generateCatalog({ events: 500, seed: 7 });
    expect(catalog.event(123)).toEqual(a[123]);
    expect([...catalog.events(10, 13)]).toEqual(a.slice(10, 13));
  });

  it('produces valid records: real cities, two years of dates, price tiers, popularity', () => {
    const catalog = generateCatalog({ events: 2000, seed: 'valid', from: '2026-01-01T00:00:00Z', seatsPerVenue: 6 });
    for (const v of catalog.venues) {
      const input = { name: v.name, address: v.address, city: v.city, country: v.country, lat: v.lat, lon: v.lon, seatMap: v.seatMap };
      expect(venueInput.safeParse(input).success, v.name).toBe(true);
      const city = CITIES.find((c) => c.name === v.city)!;
      expect(distanceKm(v.lat, v.lon, city.lat, city.lon)).toBeLessThan(15);
      expect(v.capacity).toBe(6);
    }
    const from = Date.parse('2026-01-01T00:00:00Z');
    const types = new Set<string>();
    const titles = new Set<string>();
    for (const e of catalog.events()) {
      const parsed = eventInput.safeParse({ title: e.title, description: e.description, type: e.type, startsAt: e.startsAt, endsAt: e.endsAt, onSaleAt: e.onSaleAt, venueId: e.venueId, performerIds: [...e.performerIds], popularity: e.popularity, currency: e.currency, prices: e.prices });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(new Date(e.startsAt).toISOString()).toBe(e.startsAt);
      expect(Date.parse(e.startsAt)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(e.startsAt)).toBeLessThan(from + 731 * 86_400_000);
      expect(e.prices.premium).toBeGreaterThan(e.prices.value!);
      types.add(e.type);
      titles.add(e.title);
    }
    expect(types.size).toBe(7);
    expect(titles.size).toBeGreaterThan(100);
    expect(CITIES.length).toBeGreaterThanOrEqual(100);
  });

  it('streams events one by one, without holding them (`pnpm bench search` times a million)', () => {
    const catalog = generateCatalog({ events: 200_000, seed: 1 });
    const events = catalog.events();
    expect(Array.isArray(events)).toBe(false);
    // An iterator: events are made as they are read.
    const first = events[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    let n = 0;
    for (const e of catalog.events()) n += e.id.length > 0 ? 1 : 0;
    expect(n).toBe(200_000);
  }, 60_000);

  it('refuses sizes out of range', () => {
    expect(() => generateCatalog({ events: 0 })).toThrow(/events/);
    expect(() => generateCatalog({ events: 1_000_001 })).toThrow(/events/);
    expect(() => generateCatalog({ events: 10, seatsPerVenue: 0 })).toThrow(/seatsPerVenue/);
  });

  it('idTag: the same catalog under other ids, so one store can take it twice', async () => {
    const plain = generateCatalog({ events: 20, seed: 5 });
    const a = generateCatalog({ events: 20, seed: 5, idTag: 'runA' });
    const b = generateCatalog({ events: 20, seed: 5, idTag: 'runB' });
    expect(a.event(3).id).toBe('evt_runA-3');
    expect(a.event(3)).toMatchObject({ title: plain.event(3).title, venueId: a.venues.find((v) => v.id === a.event(3).venueId)!.id });
    expect(a.event(3).performerIds.every((id) => id.startsWith('prf_runA-'))).toBe(true);
    const store = new MemoryStore();
    await loadCatalog(store, a);
    await loadCatalog(store, b);
    expect(await store.listEvents({ limit: 100, offset: 0 })).toHaveLength(40);
    expect(() => generateCatalog({ events: 1, idTag: 'no-dash' })).toThrow(/idTag/);
  });

  it('loads into a store in bulk and through a BoxOffice', async () => {
    const catalog = generateCatalog({ events: 300, seed: 3, seatsPerVenue: 4 });
    const store = new MemoryStore();
    const report = await loadCatalog(store, catalog);
    expect(report).toMatchObject({ events: 300, tickets: 1200 });
    expect(await store.getEvent(catalog.event(5).id)).toEqual(catalog.event(5));

    const bo = createBoxOffice({ store: new MemoryStore(), payments: createTestGateway() });
    const through = await loadCatalog(bo, catalog);
    const created = await bo.getEvent(through.ids.get(catalog.event(5).id)!);
    expect(created.title).toBe(catalog.event(5).title);
    expect(created.tickets).toHaveLength(4);
    await bo.close();
  });
});

eachBackend('synthetic catalog in PostgreSQL', (backend) => {
  it('imports in batches, bumps the catalog version, and indexes every event for search', async () => {
    const { store, cleanup } = await backend.open();
    try {
      const before = await store.catalogVersion();
      const events = backend.name === 'pglite' ? 250 : 600;
      const catalog = generateCatalog({ events, seed: 4 });
      const report = await loadCatalog(store, catalog, { batchSize: 100 });
      expect(report.tickets).toBe(events * 8);
      expect(await store.catalogVersion()).toBeGreaterThan(before);
      const summary = await store.summarizeAvailability([catalog.event(0).id]);
      expect(summary).toEqual([{ eventId: catalog.event(0).id, available: 8, minPrice: Math.min(...Object.values(catalog.event(0).prices)) }]);
      expect(await store.getEvent(catalog.event(events - 1).id)).toEqual(catalog.event(events - 1));
    } finally {
      await cleanup();
    }
  }, 180_000);
});
