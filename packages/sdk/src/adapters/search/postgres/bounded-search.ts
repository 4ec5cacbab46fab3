import { sql, type Kysely, type RawBuilder } from 'kysely';
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
 *   or, for sparser matches, a GIN bitmap and a top-N sort (see WALK_MIN_MATCHES).
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

/** The planner's estimate of the rows matching `condition` (EXPLAIN: no row is read). */
export async function estimateMatches(db: Kysely<unknown>, condition: Fragment): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan?: { 'Plan Rows'?: number } }> }>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM event_search s WHERE ${condition}`.execute(db);
  const estimate = rows[0]?.['QUERY PLAN'][0]?.Plan?.['Plan Rows'];
  return typeof estimate === 'number' ? estimate : Number.POSITIVE_INFINITY;
}

/**
 * Matches dense enough to walk the popularity index for (about one row in 50 of a million): the
 * walk reads ~limit x rows / matches rows, fetching every match through GIN reads all matches;
 * they cost the same near sqrt(limit x rows), ~14,000 at 200 of 1M.
 */
export const WALK_MIN_MATCHES = 20_000;

export async function boundedSearch(db: Kysely<unknown>, q: SearchQuery, filters: Fragment, text: TextParts, limit: number, estimate: number): Promise<BoundedPage> {
  // Dense: the popularity index's own order, so a walk of it stops after `limit` rows. Sparse:
  // the same order through an expression no index has, so the planner takes every match from
  // GIN and keeps the top `limit` (its estimates of OR-ed words mislead it into the walk).
  const popular =
    estimate >= WALK_MIN_MATCHES
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
