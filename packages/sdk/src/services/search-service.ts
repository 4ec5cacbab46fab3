import { BoxOfficeError, isBoxOfficeError } from '../domain/errors.js';
import { searchInput, suggestInput } from '../domain/search-query.js';
import type { SearchInput } from '../domain/inputs.js';
import { pastBefore } from '../domain/past-events.js';
import { MAX_QUERY_WORDS, foldText, searchWords } from '../domain/search-text.js';
import type { Event, EventType } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import { FACET_NAMES, type SearchFacets, type SearchIndex, type SearchQuery, type Suggestion } from '../ports/search.js';
import type { SearchResultCache } from './search-result-cache.js';

/**
 * A page of search results; `total` counts every match (the HTTP layer sends it in
 * X-Total-Count), unless `totalExact` is false: then it is a lower bound (X-Total-Count-Exact:
 * false), as the PostgreSQL adapter gives for keywords matching more events than it ranks.
 */
export interface SearchResult {
  readonly items: Event[];
  readonly total: number;
  readonly totalExact: boolean;
  /** With `totalExact: false`, an estimate of all matches. */
  readonly totalEstimate?: number;
  readonly page: number;
  readonly pageSize: number;
  readonly facets?: SearchFacets;
}

/**
 * The search use case: validates the query at the boundary (a VALIDATION error naming the
 * field), reduces the keyword to plain folded words (engine syntax typed by a user is only a
 * separator), picks the default sort, and asks the search port. Failures of the adapter that
 * are not BoxOfficeErrors come out as UNAVAILABLE, never as an engine's own exception.
 */
export class SearchService {
  constructor(
    private readonly index: SearchIndex,
    /** Results by normalised query (off when absent). */
    private readonly cache?: SearchResultCache,
    /** The time past events are judged by (epoch ms). */
    private readonly now: () => number = Date.now,
  ) {}

  async search(input: SearchInput = {}): Promise<SearchResult> {
    const q = parseInput(searchInput, input ?? {});
    const keyword = q.keyword ?? '';
    const words = [...new Set(searchWords(keyword))].slice(0, MAX_QUERY_WORDS);
    const sort = q.sort === undefined || (q.sort === 'relevance' && words.length === 0) ? (words.length > 0 ? 'relevance' : 'date') : q.sort;
    const near = q.lat !== undefined && q.lon !== undefined ? { lat: q.lat, lon: q.lon, radiusKm: q.radiusKm ?? 50 } : null;
    const query: SearchQuery = {
      words,
      phrase: words.length > 0 ? foldText(keyword) : '',
      start: q.includePast ? (q.start ?? null) : Math.max(q.start ?? Number.NEGATIVE_INFINITY, pastBefore(this.now())),
      end: q.end ?? null,
      city: q.city === undefined ? null : foldText(q.city),
      venueId: q.venueId ?? null,
      type: (q.type as EventType | undefined) ?? null,
      performerId: q.performerId ?? null,
      minPrice: q.minPrice ?? null,
      maxPrice: q.maxPrice ?? null,
      onlyAvailable: q.onlyAvailable,
      near,
      sort,
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
      facets: q.facets === true ? FACET_NAMES : q.facets === false ? [] : [...new Set(q.facets)],
    };
    const hits = await this.#cached('search', query, () => this.#call(() => this.index.search(query)));
    return {
      items: hits.items,
      total: hits.total,
      totalExact: hits.totalExact !== false,
      ...(hits.totalExact === false && hits.totalEstimate !== undefined ? { totalEstimate: hits.totalEstimate } : {}),
      page: q.page,
      pageSize: q.pageSize,
      ...(hits.facets === undefined ? {} : { facets: hits.facets }),
    };
  }

  async suggest(prefix: string, options: { limit?: number } = {}): Promise<Suggestion[]> {
    const s = parseInput(suggestInput, { prefix, ...(options.limit === undefined ? {} : { limit: options.limit }) });
    const folded = foldText(s.prefix);
    if (folded === '') return [];
    const query = { prefix: folded, limit: s.limit };
    return this.#cached('suggest', query, () => this.#call(() => this.index.suggest(query)));
  }

  #cached<T>(kind: 'search' | 'suggest', query: unknown, run: () => Promise<T>): Promise<T> {
    return this.cache ? this.cache.through(kind, query, run) : run();
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isBoxOfficeError(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BoxOfficeError('UNAVAILABLE', `search (${this.index.kind}) failed: ${reason}`, { cause: error });
    }
  }
}
