import type { Event, Performer, Venue } from '../../domain/types.js';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { AvailabilitySummary, Store } from '../../ports/store.js';

/**
 * What an in-process search index is built from: the catalog read through the Store port,
 * with the catalog version read first (so a write racing the read only causes one more build).
 *
 * Read in small pieces with a turn of the event loop between them: an embedded store (PGlite)
 * runs each query on this thread and settles it with promise callbacks only, so one big read
 * (100,000 events, or availability over 10 M tickets) would hold every request for seconds.
 */
export interface SearchVenue {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
}

export interface CatalogRecords {
  /** The store's catalog version when the read began (null: the store does not keep one). */
  readonly version: number | null;
  readonly events: readonly Event[];
  readonly venues: readonly SearchVenue[];
  readonly performers: readonly Pick<Performer, 'id' | 'name'>[];
}

const PAGE = 500;
/** Events per availability query: 100 events of 100 tickets take ~50-70 ms on PGlite (10 M tickets, load 12). */
const AVAILABILITY_CHUNK = 100;

/** Stops a long read between two of its pieces (the reader closing): the read rejects. */
function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('catalog read cancelled: the search index is closing');
}

export async function readCatalog(store: Store, signal?: AbortSignal): Promise<CatalogRecords> {
  const version = store.catalogVersion ? await store.catalogVersion() : null;
  const events: Event[] = [];
  const seen = new Set<string>();
  for (let offset = 0, after: string | null = null; ; offset += PAGE) {
    const page: Event[] = store.listEventsById ? await store.listEventsById({ after, limit: PAGE }) : await store.listEvents({ limit: PAGE, offset });
    await yieldToLoop();
    check(signal);
    for (const e of page) {
      // A concurrent insert can shift an offset page: skip what was already read.
      if (!seen.has(e.id)) events.push(e);
      seen.add(e.id);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const venueIds = [...new Set(events.map((e) => e.venueId))];
  const venues: SearchVenue[] = [];
  for (const [i, id] of venueIds.entries()) {
    const v: Venue | null = await store.getVenue(id);
    if (i % 50 === 49) await yieldToLoop();
    if (v) venues.push({ id: v.id, name: v.name, city: v.city, country: v.country, lat: v.lat, lon: v.lon });
  }
  const performerIds = [...new Set(events.flatMap((e) => e.performerIds))];
  const performers: Pick<Performer, 'id' | 'name'>[] = [];
  for (let i = 0; i < performerIds.length; i += 1000) {
    for (const p of await store.getPerformers(performerIds.slice(i, i + 1000))) performers.push({ id: p.id, name: p.name });
    await yieldToLoop();
  }
  return { version, events, venues, performers };
}

/** A background read's share of the thread: it rests as long as each query took (at most this long). */
const BACKGROUND_REST_MAX_MS = 500;
/** Events per query of a background read: shorter queries, so a request waits less behind one. */
const BACKGROUND_CHUNK = 25;

export interface AvailabilityReadOptions {
  readonly signal?: AbortSignal | undefined;
  /**
   * A read nothing waits for (availability re-read behind an index already answering): small
   * queries, each followed by a rest as long as it took, so it takes at most half of the thread.
   * On PGlite at 100,000 events an eager re-read kept the server's thread ~80% busy (cold pages
   * read inside the queries) for tens of seconds after start: requests queued behind it and the
   * load shedder refused searches.
   */
  readonly background?: boolean;
}

/**
 * Availability per event, from `summarizeAvailability` (a hundred events a query, so no one
 * query holds the thread long) or (slower) each event's snapshot.
 */
export async function readAvailability(store: Store, eventIds?: readonly string[], options: AvailabilityReadOptions = {}): Promise<AvailabilitySummary[]> {
  const { signal, background = false } = options;
  const ids = eventIds ?? (await allEventIds(store));
  const out: AvailabilitySummary[] = [];
  if (store.summarizeAvailability) {
    const chunk = background ? BACKGROUND_CHUNK : AVAILABILITY_CHUNK;
    for (let i = 0; i < ids.length; i += chunk) {
      const started = performance.now();
      out.push(...(await store.summarizeAvailability(ids.slice(i, i + chunk))));
      if (background) await sleep(Math.min(BACKGROUND_REST_MAX_MS, performance.now() - started));
      else await yieldToLoop();
      check(signal);
    }
    return out;
  }
  for (const [i, eventId] of ids.entries()) {
    if (i % AVAILABILITY_CHUNK === AVAILABILITY_CHUNK - 1) await yieldToLoop();
    let available = 0;
    let minPrice: number | null = null;
    for (const seat of await store.getSnapshot(eventId)) {
      if (!seat.available) continue;
      available++;
      if (minPrice === null || seat.price < minPrice) minPrice = seat.price;
    }
    out.push({ eventId, available, minPrice });
  }
  return out;
}

async function allEventIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listEvents({ limit: PAGE, offset });
    await yieldToLoop();
    ids.push(...page.map((e) => e.id));
    if (page.length < PAGE) return ids;
  }
}
