import { statements } from './statements.js';

/**
 * Migration 006: search indexes for a catalog of a million events (the PostgreSQL search
 * adapter's plans in `adapters/search/postgres/bounded-search.ts` rely on them).
 *
 * - title_key and performer_keys: the exact-match rule (the whole query is an event's title or
 *   a performer's name). A keyword matching too many events to rank them all still fetches its
 *   exact matches by index, so one is never lost however unpopular it is.
 * - (lat, lon, starts_at, ends_at) replaces (lat, lon): a radius search with dates checks the
 *   dates in the index instead of fetching every event in the bounding box from the heap
 *   (147 ms -> 10 ms for 50 km around Berlin over seven weeks at 1M events; the count becomes
 *   an index-only scan).
 * - (city_key, min_price, starts_at): a city's cheapest events (sort by price) in index order;
 *   walking the price index and skipping other cities took seconds for a small city.
 * - (ends_at - starts_at): the longest event, read for each query with a date window so starts_at
 *   can bound the window from below (a generic keyword in an eight-day window walked the popularity index
 *   for seconds). (starts_at, ends_at) INCLUDE (type, min_price, available) then counts a window,
 *   with a type, price or availability filter, by an index-only scan (151 ms -> 3 ms for 11,434
 *   events in eight days).
 *
 * - Statistics on (lat, lon) together (MCV): venues sit at a few thousand points, and the
 *   planner, taking latitude and longitude as independent, expected 58 events in a box that
 *   held 17,000, so it ranked every keyword match around a city (keyword + radius p99 ~130 ->
 *   ~85 ms in the benchmark's mix at 1M).
 *
 * IF [NOT] EXISTS: an index built by hand ahead of the migration is kept.
 */
const SEARCH_INDEX_STATEMENTS: readonly string[] = [
  `CREATE INDEX IF NOT EXISTS event_search_title_key_idx ON event_search (title_key)`,
  `CREATE INDEX IF NOT EXISTS event_search_performer_keys_idx ON event_search USING gin (performer_keys)`,
  `CREATE INDEX IF NOT EXISTS event_search_geo_dates_idx ON event_search (lat, lon, starts_at, ends_at)`,
  `DROP INDEX IF EXISTS event_search_geo_idx`,
  `CREATE INDEX IF NOT EXISTS event_search_city_price_idx ON event_search (city_key, min_price, starts_at)`,
  `CREATE INDEX IF NOT EXISTS event_search_duration_idx ON event_search ((ends_at - starts_at))`,
  `CREATE STATISTICS IF NOT EXISTS event_search_geo_stats (mcv) ON lat, lon FROM event_search`,
  `CREATE INDEX IF NOT EXISTS event_search_dates_idx ON event_search (starts_at, ends_at) INCLUDE (type, min_price, available)`,
];

export const migration = statements(SEARCH_INDEX_STATEMENTS);
