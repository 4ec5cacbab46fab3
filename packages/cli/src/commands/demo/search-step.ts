import type { BoxOffice, SearchInput, SearchResult, Store } from '@boxoffice/sdk';
import { generateCatalog, loadCatalog } from '@boxoffice/sdk/catalog';

/** How many synthetic events the demo adds beside its own (small: every new user runs it). */
export const DEMO_CATALOG_EVENTS = 24;
/** Places per synthetic venue: tiny, since nobody books them during the demo. */
const DEMO_CATALOG_SEATS = 8;
const DEMO_CATALOG_SEED = 'boxoffice-demo';

/** What the demo searches for: its own event's title has "night", and so do some seeded events' descriptions. */
export const DEMO_SEARCH: SearchInput = { keyword: 'night', pageSize: 5, facets: ['type', 'city'] };

export interface DemoSearch {
  readonly query: SearchInput;
  /** Synthetic events added to the store for this run. */
  readonly seededEvents: number;
  /** Time spent waiting for the search index to take the new events in (0 in a fresh process). */
  readonly indexWaitMs: number;
  readonly result: SearchResult;
}

/**
 * Adds a small synthetic catalog (the SDK's seeded generator, dated from now) under ids tagged
 * for this run, so a second demo on one store never collides, then `searchDemoCatalog` searches
 * it with `events.search`. In-process the records go straight to the store in one batch (on
 * PGlite 24 events took 60-145 ms so, against 1.2-2.8 s one by one through the BoxOffice, at
 * load ~9); against a deployment they go through the admin API. The catalog is loaded before
 * the first search, so the in-process index is built once with every event in it.
 */
export async function seedDemoCatalog(bo: BoxOffice, store: Store | undefined, nowMs: number): Promise<number> {
  const idTag = `d${nowMs.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const catalog = generateCatalog({ events: DEMO_CATALOG_EVENTS, seatsPerVenue: DEMO_CATALOG_SEATS, seed: DEMO_CATALOG_SEED, from: new Date(nowMs).toISOString(), idTag });
  const report = await loadCatalog(store ?? bo, catalog);
  return report.events;
}

/** How long the demo waits for a deployment's index to take its new events in. */
const INDEX_WAIT_MS = 5000;

/**
 * Searches once the index has the demo's event. A fresh process builds its index at the first
 * query, so it waits for nothing; a deployment (or a long-lived BoxOffice) rebuilds its index
 * a second or two after a change (search favours availability), so the demo asks again,
 * narrowed to its venue, until the event shows or `INDEX_WAIT_MS` has passed.
 */
export async function searchDemoCatalog(bo: BoxOffice, seededEvents: number, demo: { venueId: string }): Promise<DemoSearch> {
  const started = performance.now();
  while (performance.now() - started < INDEX_WAIT_MS) {
    const mine = await bo.events.search({ keyword: DEMO_SEARCH.keyword, venueId: demo.venueId, pageSize: 1 });
    if (mine.total > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const indexWaitMs = Math.round(performance.now() - started);
  return { query: DEMO_SEARCH, seededEvents, indexWaitMs, result: await bo.events.search(DEMO_SEARCH) };
}
