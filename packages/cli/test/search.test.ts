import type { SearchResult, Suggestion } from '@boxoffice/sdk';
import { generateCatalog, loadCatalog } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { eventsSearch } from '../src/commands/events/search.js';
import { eventsSuggest } from '../src/commands/events/suggest.js';
import { fakeIo, memoryHarness, type MemoryHarness } from './helpers.js';

/** events search / suggest over a small synthetic catalog on the memory store. */
let h: MemoryHarness;
const catalog = generateCatalog({ events: 300, seatsPerVenue: 6, seed: 42 });

beforeAll(async () => {
  h = memoryHarness();
  await loadCatalog(h.bo, catalog);
});
afterAll(() => h.bo.close());

async function search(flags: Parameters<typeof eventsSearch>[1]): Promise<SearchResult> {
  const io = fakeIo();
  // The generated catalog starts in 2026-01: these cases are about filters, so past events count.
  expect(await eventsSearch({ ...h.ctx, io }, { includePast: true, ...flags, json: true })).toBe(0);
  return JSON.parse(io.out()) as SearchResult;
}

describe('events search', () => {
  it('filters by type, dates and price, sorts and pages exactly as the SDK does', async () => {
    const all = await search({ pageSize: 100, page: 1 });
    expect(all.total).toBe(300);
    const concerts = await search({ type: 'concert', start: '2026-03-01', end: '2026-09-01', sort: 'date', pageSize: 100 });
    expect(concerts.items.length).toBeGreaterThan(0);
    for (const e of concerts.items) {
      expect(e.type).toBe('concert');
      expect(e.startsAt >= '2026-03-01' && e.startsAt <= '2026-09-01').toBe(true);
    }
    expect(concerts.items.map((e) => e.startsAt)).toEqual([...concerts.items.map((e) => e.startsAt)].sort());
    const direct = await h.bo.searchEvents({ type: 'concert', start: '2026-03-01', end: '2026-09-01', sort: 'date', pageSize: 100, includePast: true });
    expect(concerts.total).toBe(direct.total);
    const page2 = await search({ pageSize: 7, page: 2, sort: 'date' });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(7, 14).map((e) => e.id));
  });

  it('keyword, city, geo radius and facets', async () => {
    const some = catalog.event(0);
    const word = some.title.split(' ').find((w) => w.length > 4) ?? some.title;
    const byWord = await search({ keyword: word });
    expect(byWord.items.map((e) => e.title.toLowerCase()).some((t) => t.includes(word.toLowerCase()))).toBe(true);
    const venue = catalog.venues.find((v) => v.id === some.venueId)!;
    const inCity = await search({ city: venue.city, pageSize: 100 });
    expect(inCity.total).toBeGreaterThan(0);
    const near = await search({ near: { lat: venue.lat, lon: venue.lon }, radius: 20, pageSize: 100 });
    expect(near.items.map((e) => e.id)).toContain(inCity.items[0]!.id);
    const faceted = await search({ facets: ['type', 'city'] });
    expect(faceted.facets?.type?.reduce((n, c) => n + c.count, 0)).toBe(300);
    expect(faceted.facets?.city?.length).toBeGreaterThan(0);
  });

  it('the table goes to stdout and the count to stderr', async () => {
    const io = fakeIo();
    await eventsSearch({ ...h.ctx, io }, { pageSize: 5, sort: 'date', includePast: true });
    expect(io.out().trim().split('\n')).toHaveLength(5);
    expect(io.err()).toBe('1-5 of 300 (page 1 of 60)\n');
  });

  it('hides ended events unless --include-past is given', async () => {
    const io = fakeIo();
    expect(await eventsSearch({ ...h.ctx, io }, { pageSize: 100, json: true })).toBe(0);
    const current = JSON.parse(io.out()) as SearchResult;
    const ended = [...catalog.events()].filter((e) => Date.parse(e.endsAt) < Date.now() - 60_000).length;
    expect(ended).toBeGreaterThan(0);
    expect(current.total).toBe(300 - ended);
    expect(current.items.every((e) => Date.parse(e.endsAt) >= Date.now() - 120_000)).toBe(true);
    const withFlag = fakeIo();
    expect(await main(['events', 'search', '--store', 'memory', '--include-past', '--json'], withFlag)).toBe(0);
  });

  it('bad combinations are VALIDATION errors naming the flag', async () => {
    await expect(eventsSearch(h.ctx, { start: '2026-06-01', end: '2026-01-01' })).rejects.toThrow('--end: must not be before --start');
    await expect(eventsSearch(h.ctx, { radius: 5 })).rejects.toThrow('--radius: needs --near');
    await expect(eventsSearch(h.ctx, { minPrice: 5000, maxPrice: 100 })).rejects.toThrow('--max-price: must not be below --min-price');
    await expect(eventsSearch(h.ctx, { near: { lat: 95, lon: 0 } })).rejects.toThrow('--near: must be between -90 and 90');
  });

  it('through main: usage errors exit 2, the positional keyword works', async () => {
    const bad = fakeIo();
    expect(await main(['events', 'search', '--store', 'memory', '--near', 'paris'], bad)).toBe(2);
    expect(bad.err()).toContain("option '--near <lat,lon>' argument 'paris' is invalid");
    const date = fakeIo();
    expect(await main(['events', 'search', '--store', 'memory', '--start', 'yesterday'], date)).toBe(2);
    expect(date.err()).toContain("option '--start <date>' argument 'yesterday' is invalid. must be an ISO-8601 date");
    const facets = fakeIo();
    expect(await main(['events', 'search', '--store', 'memory', '--facets', 'colour'], facets)).toBe(2);
    expect(facets.err()).toContain('unknown facet colour');
    const ok = fakeIo();
    expect(await main(['events', 'search', 'rock', 'night', '--store', 'memory', '--json'], ok)).toBe(0);
    expect(JSON.parse(ok.out())).toMatchObject({ items: [], total: 0 });
  });
});

describe('events suggest', () => {
  it('suggests titles, performers, venues or cities for a prefix', async () => {
    const prefix = catalog.venues[0]!.city.slice(0, 3);
    const io = fakeIo();
    expect(await eventsSuggest({ ...h.ctx, io }, { prefix, limit: 5, json: true })).toBe(0);
    const suggestions = JSON.parse(io.out()) as Suggestion[];
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(suggestions.some((s) => s.text.toLowerCase().includes(prefix.toLowerCase()))).toBe(true);
    await expect(eventsSuggest(h.ctx, { prefix: ' ' })).rejects.toThrow('<prefix>: must not be empty');
  });
});
