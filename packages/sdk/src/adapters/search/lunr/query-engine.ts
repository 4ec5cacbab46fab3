import type { Event } from '../../../domain/types.js';
import type { SearchHits, SearchQuery } from '../../../ports/search.js';
import type { CatalogColumns } from './catalog-columns.js';
import { FacetCounter } from './facets.js';
import { compileFilter, hasFilters } from './filters.js';
import type { TextIndex, TextMatch } from './text-index.js';
import { topK, type Compare } from './top-k.js';

/**
 * Runs a normalised query over the columns (filters, sort, paging, facets) and, with words,
 * over the text index. Synchronous: a query never waits on a rebuild. Ranking with words:
 * exact title/performer match first, then events matching more of the words, then score
 * (mildly boosted by popularity), then date.
 */
export function runQuery(c: CatalogColumns, text: TextIndex, q: SearchQuery): SearchHits {
  const passes = compileFilter(c, q);
  const facets = q.facets.length > 0 ? new FacetCounter(c, q.facets) : null;
  const k = q.offset + q.limit;
  const byId: Compare = (a, b) => c.idRank[a]! - c.idRank[b]!;
  const byDate: Compare = (a, b) => c.startMs[a]! - c.startMs[b]! || byId(a, b);
  const byPopularity: Compare = (a, b) => c.popularity[b]! - c.popularity[a]! || byDate(a, b);
  const byPrice: Compare = (a, b) => {
    const pa = c.minPrice[a]!;
    const pb = c.minPrice[b]!;
    if (Number.isNaN(pa) !== Number.isNaN(pb)) return Number.isNaN(pa) ? 1 : -1;
    return (Number.isNaN(pa) ? 0 : pa - pb) || byDate(a, b);
  };

  const narrow = q.words.length === 0 ? narrowRows(c, q) : null;
  if (q.words.length === 0 && narrow === null && (q.sort === 'date' || q.sort === 'popularity')) {
    // Walk a presorted order: no sort per query.
    const order = q.sort === 'date' ? c.byStart : c.byPopularity;
    const page: number[] = [];
    let total = 0;
    // By date with a window: start where events could first overlap it, stop after its end.
    let from = 0;
    let to = order.length;
    if (q.sort === 'date' && q.start !== null) from = lowerBound(c, c.byStart, q.start - c.maxDurationMs);
    if (q.sort === 'date' && q.end !== null) to = lowerBound(c, c.byStart, q.end + 1);
    for (let i = from; i < to; i++) {
      const row = order[i]!;
      if (!passes(row)) continue;
      if (total >= q.offset && total < k) page.push(row);
      total++;
      facets?.add(row);
    }
    return hits(c, page, total, facets);
  }

  let candidates: ArrayLike<number>;
  let compare: Compare;
  let match: TextMatch | null = null;
  if (q.words.length === 0) {
    candidates = narrow ?? c.byStart;
    compare = q.sort === 'date' ? byDate : q.sort === 'popularity' ? byPopularity : byPrice;
  } else {
    match = text.match(q.words);
    candidates = match.rows;
    compare = q.sort === 'date' ? byDate : q.sort === 'price' ? byPrice : byPopularity;
  }
  // Filter first: ranking only looks at rows that pass (all of them, without filters).
  let kept = candidates;
  let count = candidates.length;
  if (hasFilters(q)) {
    const passed = new Int32Array(candidates.length);
    count = 0;
    for (let i = 0; i < candidates.length; i++) if (passes(candidates[i]!)) passed[count++] = candidates[i]!;
    kept = passed;
  }
  if (facets !== null) for (let i = 0; i < count; i++) facets.add(kept[i]!);
  if (match !== null && q.sort === 'relevance') {
    // One number per row, so top-k turns most rows away with a single comparison.
    const rank = relevanceRanks(c, text, match, q.phrase, kept, count, passes);
    return hits(c, topK(kept, count, k, byPopularity, rank).slice(q.offset, k), count, facets);
  }
  return hits(c, topK(kept, count, k, compare).slice(q.offset, k), count, facets);
}

/**
 * Relevance as one number per kept row: exact title/performer match (1e7), then words matched
 * (1e5 each), then the text score mildly boosted by popularity (capped below 1e5). Exact rows
 * are looked up from the units named like the whole query, not by comparing every row's names.
 */
function relevanceRanks(c: CatalogColumns, text: TextIndex, match: TextMatch, phrase: string, kept: ArrayLike<number>, count: number, passes: (row: number) => boolean): Float64Array {
  const rank = c.scratch();
  const { score, mask } = match;
  const boost = c.popularityBoost;
  for (let i = 0; i < count; i++) {
    const row = kept[i]!;
    rank[row] = popcount(mask[row]!) * 1e5 + Math.min(score[row]! * boost[row]!, 99_999);
  }
  if (phrase !== '') {
    for (const row of text.units.rowsNamed(phrase)) {
      if (mask[row] !== 0 && passes(row) && c.isExact(row, phrase)) rank[row] = rank[row]! + 1e7;
    }
  }
  return rank;
}

/** Without words: the rows of the venue, performer or city filtered on, when there is one. */
function narrowRows(c: CatalogColumns, q: SearchQuery): Int32Array | null {
  if (q.venueId !== null) {
    const v = c.venueCode.get(q.venueId);
    return v === undefined ? new Int32Array(0) : c.rowsOfVenue(v);
  }
  if (q.performerId !== null) {
    const p = c.performerCode.get(q.performerId);
    return p === undefined ? new Int32Array(0) : c.rowsOfPerformer(p);
  }
  if (q.city !== null) {
    const city = c.cityCode.get(q.city);
    return city === undefined ? new Int32Array(0) : c.rowsOfCity(city);
  }
  return null;
}

/** First position in `order` (sorted by start) whose start is at or after `ms`. */
function lowerBound(c: CatalogColumns, order: Int32Array, ms: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.startMs[order[mid]!]! < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hits(c: CatalogColumns, rows: readonly number[], total: number, facets: FacetCounter | null): SearchHits {
  const items: Event[] = rows.map((row) => c.events.get(row));
  return facets ? { items, total, facets: facets.result() } : { items, total };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
