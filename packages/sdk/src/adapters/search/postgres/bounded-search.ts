import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import type { SearchQuery } from '../../../ports/search.js';
import type { TextParts } from './query-sql.js';

/**
 * A keyword search whose cost does not grow with the number of matches. A generic keyword
 * ("tour", "show") matches a sizeable share of the catalog; ranking every match (ts_rank reads
 * each row's document) and counting them all (a GIN bitmap over every match, then the heap)
 * made those queries cost hundreds of milliseconds at a million events. Instead:
 *
 * - Candidates: the `limit` most popular rows matching any word, the `limit` most popular
 *   matching every word (several words), and the `limit` most popular exact matches (title or
 *   performer, by index). Each is a walk of the popularity index that stops after `limit` rows,
 *   or, for sparser matches, a GIN bitmap and a top-N sort (see walkPopularity).
 * - The page is ranked over the candidates with the usual rules (exact first, then more words
 *   matched, then ts_rank boosted by popularity), so exact and all-words matches still come
 *   first; a weaker match is only missed when it is less popular than `limit` others.
 * - Total: when fewer than `limit` rows match any word, the candidates are every match and the
 *   total is exact. Otherwise it is the number of matches seen (a lower bound, flagged), with
 *   the planner's estimate beside it. Never a guess presented as a count.
 */
type Fragment = RawBuilder<unknown>;

export interface BoundedPage {
  readonly ids: string[];
  readonly total: number;
  readonly totalExact: boolean;
}

export interface MatchEstimate {
  /** Rows the planner expects `condition` to match (EXPLAIN: no row is read). */
  readonly matches: number;
  /** Rows in event_search, as the statistics have it. */
  readonly catalog: number;
}

export async function estimateMatches(db: QueryExecutorProvider, condition: Fragment): Promise<MatchEstimate> {
  const [plan, size] = await Promise.all([
    sql<{ 'QUERY PLAN': Array<{ Plan?: { 'Plan Rows'?: number } }> }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM event_search s WHERE ${condition}`.execute(db),
    sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'event_search'::regclass`.execute(db),
  ]);
  const matches = plan.rows[0]?.['QUERY PLAN'][0]?.Plan?.['Plan Rows'];
  return { matches: typeof matches === 'number' ? matches : Number.POSITIVE_INFINITY, catalog: size.rows[0]?.n ?? 0 };
}

/**
 * Whether to walk the popularity index for the `limit` most popular matches: the walk reads
 * about limit x catalog / matches rows, fetching every match through GIN reads `matches` rows,
 * each a random heap page either way (measured at 1M events, load ~10: ~9 us a row walked,
 * ~10 us a row fetched through GIN). They cost the same near sqrt(limit x catalog): ~10,000
 * matches for 100 of 1M.
 */
export function walkPopularity(estimate: MatchEstimate, limit: number): boolean {
  return estimate.matches >= Math.sqrt(limit * estimate.catalog);
}

export async function boundedSearch(db: QueryExecutorProvider, q: SearchQuery, filters: Fragment, text: TextParts, limit: number, estimate: MatchEstimate): Promise<BoundedPage> {
  // Dense: the popularity index's own order, so a walk of it stops after `limit` rows. Sparse:
  // the same order through an expression no index has, so the planner takes every match from
  // GIN and keeps the top `limit` (its estimates of OR-ed words mislead it into the walk).
  const popular =
    walkPopularity(estimate, limit)
      ? sql`ORDER BY s.popularity DESC, s.starts_at, (s.event_id COLLATE "C") LIMIT ${limit}`
      : sql`ORDER BY s.popularity + 0 DESC, s.starts_at, (s.event_id COLLATE "C") LIMIT ${limit}`;
  // Rows matching every word: the first `limit` the GIN index finds (no order asked, so the heap
  // scan stops there). A popularity walk would have to pass over every partial match first.
  const allWords = q.words.length > 1 ? sql`UNION (SELECT s.event_id FROM event_search s WHERE ${filters} AND ${text.matchAll} LIMIT ${limit})` : sql``;
  const { rows } = await sql<{ event_id: string; total: number; exact_total: boolean }>`
    WITH any_word AS MATERIALIZED (SELECT s.event_id FROM event_search s WHERE ${filters} AND ${text.match} ${popular}),
         candidates AS MATERIALIZED (
           SELECT event_id FROM any_word
           UNION (SELECT s.event_id FROM event_search s WHERE ${filters} AND ${text.match} AND ${text.exact} ${popular})
           ${allWords})
    SELECT m.event_id, (SELECT count(*) FROM candidates)::int AS total, (SELECT count(*) FROM any_word) < ${limit} AS exact_total
      FROM (SELECT s.event_id, s.starts_at, s.popularity, ${text.select}
              FROM candidates c JOIN event_search s ON s.event_id = c.event_id) m
     ORDER BY ${text.rank}
     LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  if (rows.length === 0) {
    // A page past the end: the counts come without rows.
    const { rows: counts } = await sql<{ total: number; exact_total: boolean }>`
      WITH any_word AS MATERIALIZED (SELECT s.event_id FROM event_search s WHERE ${filters} AND ${text.match} ${popular})
      SELECT count(*)::int AS total, count(*) < ${limit} AS exact_total FROM any_word`.execute(db);
    return { ids: [], total: counts[0]?.total ?? 0, totalExact: counts[0]?.exact_total ?? true };
  }
  return { ids: rows.map((r) => r.event_id), total: rows[0]!.total, totalExact: rows[0]!.exact_total };
}
