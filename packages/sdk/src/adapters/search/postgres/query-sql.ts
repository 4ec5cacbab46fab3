import { sql, type RawBuilder } from 'kysely';
import { PRICE_BANDS, SOLD_OUT_BAND } from '../../../domain/search-text.js';
import type { FacetName, SearchQuery } from '../../../ports/search.js';
import type { WordExpansion } from './word-expansions.js';

/**
 * SQL fragments of a search over `event_search` (alias `s`): the WHERE clause of the filters and
 * words, the ORDER BY of each sort, and the facet query. Values are always bound parameters;
 * words are only [a-z0-9] (folded), joined with `|` into to_tsquery text.
 */
type Fragment = RawBuilder<unknown>;

const tsquery = (terms: readonly string[]): Fragment => sql`to_tsquery('english', ${terms.join(' | ')})`;

export interface TextParts {
  /** Rows matching any word (with its spellings). */
  readonly match: Fragment;
  /** Rows matching every word (each in one of its spellings). */
  readonly matchAll: Fragment;
  /** The whole query is a title or a performer's name (folded). */
  readonly exact: Fragment;
  readonly select: Fragment;
  readonly rank: Fragment;
}

/**
 * Per word: does the row match any spelling; overall: rank by exact title/performer, words
 * matched, then one ts_rank (field weights A/B/C) mildly boosted by popularity.
 */
export function textParts(q: SearchQuery, expansions: readonly WordExpansion[]): TextParts {
  const perWord = expansions.map((e) => tsquery([e.word, ...e.variants]));
  const all = tsquery(expansions.flatMap((e) => [e.word, ...e.variants]));
  const matched = sql.join(perWord.map((w) => sql`(s.document @@ ${w})::int`), sql` + `);
  const every = expansions.map((e) => `(${[e.word, ...e.variants].join(' | ')})`).join(' & ');
  return {
    match: sql`s.document @@ ${all}`,
    matchAll: sql`s.document @@ to_tsquery('english', ${every})`,
    // Written so the title_key and performer_keys indexes (migration 006) can serve it.
    exact: sql`(s.title_key = ${q.phrase} OR s.performer_keys @> ARRAY[${q.phrase}]::text[])`,
    select: sql`(s.title_key = ${q.phrase} OR ${q.phrase} = ANY (s.performer_keys)) AS exact,
                (${matched}) AS matched,
                ts_rank(s.document, ${all}) * (1 + 0.15 * log(1 + s.popularity)) AS score`,
    rank: sql`exact DESC, matched DESC, score DESC, popularity DESC, starts_at, event_id COLLATE "C"`,
  };
}

/** `longestEventMs`: the longest event's duration now (only read when `q.start` is set). */
export function filters(q: SearchQuery, longestEventMs: number): Fragment {
  const parts: Fragment[] = [sql`true`];
  if (q.start !== null) {
    parts.push(sql`s.ends_at >= ${new Date(q.start).toISOString()}::timestamptz`);
    // The same bound again on starts_at, so an index on it can bound the window from below: no
    // event starts earlier than the window minus the longest event (read for each query).
    parts.push(sql`s.starts_at >= ${new Date(q.start - longestEventMs).toISOString()}::timestamptz`);
  }
  if (q.end !== null) parts.push(sql`s.starts_at <= ${new Date(q.end).toISOString()}::timestamptz`);
  if (q.city !== null) parts.push(sql`s.city_key = ${q.city}`);
  if (q.venueId !== null) parts.push(sql`s.venue_id = ${q.venueId}`);
  if (q.type !== null) parts.push(sql`s.type = ${q.type}`);
  if (q.performerId !== null) parts.push(sql`s.performer_ids @> ARRAY[${q.performerId}]::text[]`);
  if (q.onlyAvailable) parts.push(sql`s.available > 0`);
  if (q.minPrice !== null || q.maxPrice !== null) {
    parts.push(sql`s.min_price BETWEEN ${q.minPrice ?? 0} AND ${q.maxPrice ?? Number.MAX_SAFE_INTEGER}`);
  }
  if (q.near !== null) {
    const { lat, lon, radiusKm } = q.near;
    const dLat = radiusKm / 111.0;
    parts.push(sql`s.lat BETWEEN ${lat - dLat} AND ${lat + dLat}`);
    const cos = Math.cos((lat * Math.PI) / 180);
    const dLon = cos > 1e-6 ? radiusKm / (111.32 * cos) : 360;
    if (lon - dLon > -180 && lon + dLon < 180) parts.push(sql`s.lon BETWEEN ${lon - dLon} AND ${lon + dLon}`);
    parts.push(sql`2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(s.lat - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(s.lat)) * power(sin(radians(s.lon - ${lon}) / 2), 2)))) <= ${radiusKm}`);
  }
  return sql.join(parts, sql` AND `);
}

export function orderBy(sort: SearchQuery['sort']): Fragment {
  switch (sort) {
    case 'popularity':
      return sql`popularity DESC, starts_at, event_id COLLATE "C"`;
    case 'price':
      return sql`min_price ASC NULLS LAST, starts_at, event_id COLLATE "C"`;
    default:
      return sql`starts_at, event_id COLLATE "C"`;
  }
}

const bandCase = sql.raw(
  `CASE WHEN m.min_price IS NULL THEN '${SOLD_OUT_BAND}' ${PRICE_BANDS.filter((b) => Number.isFinite(b.below))
    .map((b) => `WHEN m.min_price < ${b.below} THEN '${b.key}'`)
    .join(' ')} ELSE '${PRICE_BANDS[PRICE_BANDS.length - 1]!.key}' END`,
);

/** One scan of the matching rows, one GROUP BY per facet asked for. */
export function facetSql(names: readonly FacetName[], where: Fragment): Fragment {
  const groups: Record<FacetName, Fragment> = {
    type: sql`SELECT 'type' AS f, m.type AS v, count(*)::int AS n FROM m GROUP BY m.type`,
    city: sql`SELECT 'city' AS f, min(m.city) AS v, count(*)::int AS n FROM m GROUP BY m.city_key`,
    month: sql`SELECT 'month' AS f, to_char(m.starts_at AT TIME ZONE 'UTC', 'YYYY-MM') AS v, count(*)::int AS n FROM m GROUP BY 2`,
    priceBand: sql`SELECT 'priceBand' AS f, ${bandCase} AS v, count(*)::int AS n FROM m GROUP BY 2`,
  };
  return sql`WITH m AS MATERIALIZED (SELECT s.type, s.city_key, s.city, s.starts_at, s.min_price FROM event_search s WHERE ${where})
    ${sql.join(names.map((n) => groups[n]), sql` UNION ALL `)}`;
}
