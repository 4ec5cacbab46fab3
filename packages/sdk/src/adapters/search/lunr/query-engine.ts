import type { Event } from '../../../domain/types.js';
import type { SearchHits, SearchQuery } from '../../../ports/search.js';
import type { CatalogColumns } from './catalog-columns.js';
import { FacetCounter } from './facets.js';
import { compileFilter } from './filters.js';
import type { TextIndex, TextMatch } from './text-index.js';

/**
 * Runs a normalised query over the columns (filters, sort, paging, facets) and, with words,
 * over the text index. Synchronous: a query never waits on a rebuild. Ranking with words:
 * exact title/performer match first, then events matching more of the words, then score
 * (mildly boosted by popularity), then date.
 */
type Compare = (a: number, b: number) => number;

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
  // Filter first: ranking only looks at rows that pass.
  const kept: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i]!;
    if (!passes(row)) continue;
    kept.push(row);
    facets?.add(row);
  }
  if (match !== null && q.sort === 'relevance') {
    const rank = c.scratch();
    for (const row of kept) {
      const exact = q.phrase !== '' && c.isExact(row, q.phrase) ? 1 : 0;
      const blended = match.score[row]! * (1 + 0.15 * Math.log10(1 + c.popularity[row]!));
      rank[row] = exact * 1e7 + popcount(match.mask[row]!) * 1e5 + Math.min(blended, 99_999);
    }
    compare = (a, b) => rank[b]! - rank[a]! || byPopularity(a, b);
  }
  const top = topK(kept, k, compare);
  return hits(c, top.slice(q.offset, k), kept.length, facets);
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
  const items: Event[] = rows.map((row) => c.events[row]!);
  return facets ? { items, total, facets: facets.result() } : { items, total };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/** The k best rows in order: a full sort when small, else a bounded heap (O(n log k)). */
export function topK(rows: number[], k: number, compare: Compare): number[] {
  if (rows.length <= Math.max(256, k * 4)) return rows.sort(compare).slice(0, k);
  // Max-heap on "worse": the root is the worst of the best k so far.
  const heap: number[] = [];
  const worse = (a: number, b: number) => compare(a, b) > 0;
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const row of rows) {
    if (heap.length < k) {
      heap.push(row);
      up(heap.length - 1);
    } else if (compare(row, heap[0]!) < 0) {
      heap[0] = row;
      down(0);
    }
  }
  return heap.sort(compare);
}
