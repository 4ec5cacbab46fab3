import { distanceKm } from '../../../domain/search-text.js';
import { EVENT_TYPES } from '../../../domain/types.js';
import type { SearchQuery } from '../../../ports/search.js';
import type { CatalogColumns } from './catalog-columns.js';

/**
 * Compiles a query's filters into one predicate over column rows. Lookups by id or name
 * happen once per query (an unknown city, venue or performer matches nothing); the geo
 * radius is decided once per venue, not per event.
 */
export type RowFilter = (row: number) => boolean;

/** Whether `q` filters at all: without filters every candidate passes and none need checking. */
export function hasFilters(q: SearchQuery): boolean {
  return (
    q.start !== null || q.end !== null || q.city !== null || q.venueId !== null || q.performerId !== null || q.type !== null ||
    q.near !== null || q.onlyAvailable || q.minPrice !== null || q.maxPrice !== null
  );
}

export function compileFilter(c: CatalogColumns, q: SearchQuery): RowFilter {
  const none: RowFilter = () => false;
  const city = q.city === null ? -1 : c.cityCode.get(q.city);
  const venue = q.venueId === null ? -1 : c.venueCode.get(q.venueId);
  const performer = q.performerId === null ? -1 : c.performerCode.get(q.performerId);
  if (city === undefined || venue === undefined || performer === undefined) return none;
  const type = q.type === null ? -1 : EVENT_TYPES.indexOf(q.type);
  let venueOk: Uint8Array | null = null;
  if (q.near !== null || city >= 0) {
    venueOk = new Uint8Array(c.venueIds.length);
    for (let v = 0; v < c.venueIds.length; v++) {
      const inCity = city < 0 || c.venueCity[v] === city;
      const inRadius = q.near === null || distanceKm(q.near.lat, q.near.lon, c.venueLat[v]!, c.venueLon[v]!) <= q.near.radiusKm;
      venueOk[v] = inCity && inRadius ? 1 : 0;
    }
  }
  const start = q.start ?? Number.NEGATIVE_INFINITY;
  const end = q.end ?? Number.POSITIVE_INFINITY;
  const priced = q.minPrice !== null || q.maxPrice !== null;
  const minPrice = q.minPrice ?? 0;
  const maxPrice = q.maxPrice ?? Number.POSITIVE_INFINITY;
  const { endMs, startMs } = c;
  return (row) => {
    if (endMs[row]! < start || startMs[row]! > end) return false;
    if (type >= 0 && c.type[row] !== type) return false;
    if (venue >= 0 && c.venue[row] !== venue) return false;
    if (venueOk !== null) {
      const v = c.venue[row]!;
      if (v < 0 || venueOk[v] === 0) return false;
    }
    if (performer >= 0 && !c.hasPerformer(row, performer)) return false;
    if (q.onlyAvailable && c.available[row]! <= 0) return false;
    if (priced) {
      const p = c.minPrice[row]!;
      if (Number.isNaN(p) || p < minPrice || p > maxPrice) return false;
    }
    return true;
  };
}
