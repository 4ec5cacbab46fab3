import type { BoxOffice } from '../box-office.js';
import { placesOf } from '../domain/seat-map.js';
import type { VenueInput } from '../domain/inputs.js';
import type { Event, Performer, Venue } from '../domain/types.js';
import type { NewEvent, Store } from '../ports/store.js';
import type { SyntheticCatalog } from './generate-catalog.js';

/**
 * Writes a synthetic catalog, either straight to a store (records keep their deterministic ids;
 * in batches through `importCatalog` when the store has it: one transaction per batch on
 * PostgreSQL) or through a `BoxOffice` (every record validated by the services; they assign
 * new ids, reported in `ids`).
 */
export interface LoadCatalogOptions {
  /** Events per store batch (default 500). */
  readonly batchSize?: number;
  /** Writes in flight when loading record by record (default 8). */
  readonly concurrency?: number;
  /** Called after every batch. */
  readonly onProgress?: (progress: { readonly events: number; readonly total: number }) => void;
}

export interface LoadReport {
  readonly performers: number;
  readonly venues: number;
  readonly events: number;
  readonly tickets: number;
  readonly ms: number;
  /** Catalog id → the id it was created under (identity when loaded straight into a store). */
  readonly ids: ReadonlyMap<string, string>;
}

export async function loadCatalog(target: BoxOffice | Store, catalog: SyntheticCatalog, options: LoadCatalogOptions = {}): Promise<LoadReport> {
  const started = performance.now();
  const counts = 'storeKind' in target ? await throughBoxOffice(target, catalog, options) : await intoStore(target, catalog, options);
  return { ...counts, performers: catalog.performers.length, venues: catalog.venues.length, events: catalog.eventCount, ms: performance.now() - started };
}

function newEvent(event: Event, venue: Venue): NewEvent {
  return { event, places: placesOf(venue.seatMap), ticketIdPrefix: `tkt_${event.id.slice(4)}-` };
}

async function intoStore(store: Store, catalog: SyntheticCatalog, options: LoadCatalogOptions): Promise<{ tickets: number; ids: Map<string, string> }> {
  const venues = new Map(catalog.venues.map((v) => [v.id, v]));
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let tickets = 0;
  let done = 0;
  if (store.importCatalog) {
    const importCatalog = store.importCatalog.bind(store);
    for (const chunk of chunks(catalog.performers, 5000)) await importCatalog({ performers: chunk });
    for (const chunk of chunks(catalog.venues, 1000)) await importCatalog({ venues: chunk });
    let batch: NewEvent[] = [];
    const flush = async () => {
      tickets += await importCatalog({ events: batch });
      done += batch.length;
      batch = [];
      options.onProgress?.({ events: done, total: catalog.eventCount });
    };
    for (const event of catalog.events()) {
      batch.push(newEvent(event, venues.get(event.venueId)!));
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  } else {
    await pool(catalog.performers, concurrency, (p: Performer) => store.createPerformer(p));
    await pool(catalog.venues, concurrency, (v: Venue) => store.createVenue(v));
    await pool(catalog.events(), concurrency, async (event: Event) => {
      tickets += await store.createEvent(newEvent(event, venues.get(event.venueId)!));
      if (++done % batchSize === 0 || done === catalog.eventCount) options.onProgress?.({ events: done, total: catalog.eventCount });
    });
  }
  return { tickets, ids: new IdentityMap() };
}

async function throughBoxOffice(bo: BoxOffice, catalog: SyntheticCatalog, options: LoadCatalogOptions): Promise<{ tickets: number; ids: Map<string, string> }> {
  const ids = new Map<string, string>();
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const every = Math.max(1, options.batchSize ?? 500);
  await pool(catalog.performers, concurrency, async (p: Performer) => {
    ids.set(p.id, (await bo.createPerformer({ name: p.name, description: p.description, genre: p.genre })).id);
  });
  await pool(catalog.venues, concurrency, async (v: Venue) => {
    const created = await bo.createVenue({ name: v.name, address: v.address, city: v.city, country: v.country, lat: v.lat, lon: v.lon, seatMap: seatMapInput(v) });
    ids.set(v.id, created.id);
  });
  let tickets = 0;
  let done = 0;
  await pool(catalog.events(), concurrency, async (e: Event) => {
    const created = await bo.createEvent({
      title: e.title,
      description: e.description,
      type: e.type,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      onSaleAt: e.onSaleAt,
      venueId: ids.get(e.venueId)!,
      performerIds: e.performerIds.map((id) => ids.get(id)!),
      popularity: e.popularity,
      currency: e.currency,
      prices: { ...e.prices },
      holdTtlSeconds: e.holdTtlSeconds,
      maxTicketsPerUser: e.maxTicketsPerUser,
    });
    ids.set(e.id, created.id);
    tickets += catalog.seatsPerVenue;
    if (++done % every === 0 || done === catalog.eventCount) options.onProgress?.({ events: done, total: catalog.eventCount });
  });
  return { tickets, ids };
}

/** Runs `work` over `items` with at most `concurrency` calls in flight; fails on the first error. */
async function pool<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failed: unknown;
  const worker = async () => {
    for (let next = iterator.next(); !next.done && failed === undefined; next = iterator.next()) {
      try {
        await work(next.value);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failed !== undefined) throw failed;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A map that answers every key with itself (ids kept as generated). */
class IdentityMap extends Map<string, string> {
  override get(key: string): string {
    return key;
  }
  override has(): boolean {
    return true;
  }
}

/** A venue's seat map as the services' input takes it (mutable arrays). */
function seatMapInput(v: Venue): VenueInput['seatMap'] {
  return { sections: v.seatMap.sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })) };
}
