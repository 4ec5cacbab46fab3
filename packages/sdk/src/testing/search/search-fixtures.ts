import { afterAll, beforeAll } from 'vitest';
import { TestPaymentGateway } from '../../adapters/payments/test-gateway.js';
import type { BoxOffice } from '../../box-office.js';
import { createBoxOffice } from '../../create-box-office.js';
import type { Event, Performer, Venue } from '../../domain/types.js';
import type { SearchIndex } from '../../ports/search.js';
import type { Store } from '../../ports/store.js';
import { generateCatalog } from '../../catalog/generate-catalog.js';
import { loadCatalog } from '../../catalog/load-catalog.js';

/** A fresh store and the search index under test over it, and how to throw them away. */
export interface SearchHarness {
  readonly store: Store;
  readonly search: SearchIndex;
  cleanup(): Promise<void>;
}

export type SearchFactory = () => Promise<SearchHarness>;

/**
 * The catalog every search case reads: a handful of hand-made events whose words appear
 * nowhere in the generated catalog (marzipan, quokka, kumquat...), among 120 generated
 * events for noise. Dates are in 2031 so the generated catalog (2026–2027) never overlaps them.
 */
export interface SearchWorld {
  bo: BoxOffice;
  search: SearchIndex;
  store: Store;
  venues: Record<'lisbon' | 'porto' | 'london' | 'saoPaulo' | 'tiny', Venue>;
  performers: Record<'quokka' | 'orchestra', Performer>;
  events: Record<'exact' | 'allWords' | 'oneWordA' | 'oneWordB' | 'performer' | 'bothPerformerWords' | 'lisbonJan' | 'portoFeb' | 'saoPaulo' | 'tiny', Event>;
}

const seat = (n: number) => ({ sections: [{ id: 'A', name: 'Stalls', tier: 'standard', rows: [{ label: 'A', seatCount: n }] }] });

async function seed(bo: BoxOffice): Promise<Omit<SearchWorld, 'search' | 'store' | 'bo'>> {
  const venue = (name: string, city: string, country: string, lat: number, lon: number, seats = 4) =>
    bo.createVenue({ name, city, country, lat, lon, seatMap: seat(seats) });
  const venues = {
    lisbon: await venue('Coliseu Quokkaland', 'Lisbon', 'PT', 38.7167, -9.1395),
    porto: await venue('Casa da Música Nova', 'Porto', 'PT', 41.1585, -8.6308),
    london: await venue('Hall of Marmalade', 'London', 'GB', 51.5072, -0.1276),
    saoPaulo: await venue('Teatro Pitanga', 'São Paulo', 'BR', -23.5455, -46.6388),
    tiny: await venue('The Thimble Room', 'Lisbon', 'PT', 38.7139, -9.1334, 2),
  };
  const performers = {
    quokka: await bo.createPerformer({ name: 'Velvet Quokka', genre: 'indie' }),
    orchestra: await bo.createPerformer({ name: 'Kumquat Philharmonic', genre: 'classical' }),
  };
  const event = (title: string, venueId: string, startsAt: string, extra: Partial<Parameters<BoxOffice['createEvent']>[0]> = {}) =>
    bo.createEvent({ title, venueId, startsAt, onSaleAt: '2024-01-01T00:00:00Z', prices: { standard: 5000 }, maxTicketsPerUser: null, ...extra });
  const events = {
    exact: await event('Marzipan Dreams', venues.london.id, '2031-03-10T20:00:00Z', { type: 'theatre', popularity: 10 }),
    allWords: await event('Dreams of Marzipan Castles', venues.london.id, '2031-03-11T20:00:00Z', { type: 'theatre', popularity: 500 }),
    oneWordA: await event('Marzipan Factory Tour', venues.london.id, '2031-03-12T20:00:00Z', { type: 'family', popularity: 900 }),
    oneWordB: await event('Sweet Dreams Revue', venues.london.id, '2031-03-13T20:00:00Z', { type: 'comedy', popularity: 900 }),
    performer: await event('Summer Nights Live', venues.lisbon.id, '2031-06-01T21:00:00Z', { type: 'concert', performerIds: [performers.quokka.id], popularity: 50 }),
    bothPerformerWords: await event('Quokka Velvet Party', venues.lisbon.id, '2031-06-02T21:00:00Z', { type: 'concert', popularity: 800 }),
    lisbonJan: await event('Winter Pitanga Gala', venues.lisbon.id, '2031-01-15T20:00:00Z', { type: 'concert', prices: { standard: 2000 }, performerIds: [performers.orchestra.id] }),
    portoFeb: await event('Pitanga Sessions', venues.porto.id, '2031-02-15T20:00:00Z', { type: 'concert', prices: { standard: 15000 } }),
    saoPaulo: await event('Carnaval Pitanga', venues.saoPaulo.id, '2031-02-20T22:00:00Z', {
      type: 'festival', endsAt: '2031-02-23T04:00:00Z', prices: { standard: 30000 },
    }),
    tiny: await event('Thimble Whispers', venues.tiny.id, '2031-04-01T20:00:00Z', { type: 'other', prices: { standard: 900 } }),
  };
  return { venues, performers, events };
}

/** Seeds the world once for the enclosing describe; `world` is filled in beforeAll. */
export function useSearchWorld(factory: SearchFactory): SearchWorld {
  const world = {} as SearchWorld;
  let harness: SearchHarness | undefined;
  beforeAll(async () => {
    harness = await factory();
    world.store = harness.store;
    world.search = harness.search;
    world.bo = createBoxOffice({ store: harness.store, payments: new TestPaymentGateway({ timeoutMs: 5 }), search: harness.search, ownsStore: false });
    Object.assign(world, await seed(world.bo));
    await loadCatalog(world.bo, generateCatalog({ events: 120, seed: 'search-conformance' }), { concurrency: 4 });
    await harness.search.refresh();
  }, 120_000);
  afterAll(async () => {
    await world.bo?.close();
    await harness?.search.close();
    await harness?.cleanup();
  });
  return world;
}

/** Polls `probe` until it returns true or `ms` pass; resolves to the time it took (or throws). */
export async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
