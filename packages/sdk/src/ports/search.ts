import type { Event, EventType } from '../domain/types.js';

/**
 * The search port: full text, filters, sorting, facets and suggestions over the catalog.
 * The search service validates and normalises every query before it reaches an adapter
 * (`SearchQuery` holds only checked values: folded words, epoch milliseconds, bounds applied),
 * so an adapter never parses user text and never sees engine syntax typed by a user.
 *
 * Adapters: lunr in-process (the embedded default; an in-memory index rebuilt off the hot
 * path) and PostgreSQL full text (a stored tsvector with GIN, pg_trgm; shared by every process).
 * Both pass `searchConformance` in `@boxoffice/sdk/testing`.
 *
 * Consistency: search favours availability. It may lag the store by the bounds in
 * `freshness`; booking never relies on it (holds re-check every seat in the store).
 * Not covered here: result caching (`SearchResultCache`, a layer above the port) and HTTP paging headers.
 */
export interface SearchIndex {
  /** Which adapter this is (`lunr`, `postgres`, `pglite`), for logs and reports. */
  readonly kind: string;
  /** The documented staleness bounds of this adapter, as configured. */
  readonly freshness: SearchFreshness;
  search(query: SearchQuery): Promise<SearchHits>;
  /** Titles, performers, venues and cities for a prefix the user is typing. */
  suggest(query: SuggestQuery): Promise<Suggestion[]>;
  /**
   * Tickets of these events changed state (from the event bus): availability-derived fields
   * (cheapest available price, sold out) are refreshed within `freshness.availabilityMs`.
   */
  availabilityChanged(eventIds: readonly string[]): void;
  /**
   * The store's catalog version the answers currently come from, when the adapter knows it
   * (lunr: its snapshot's). The result cache keys by it, so a rebuilt index is never hidden
   * behind results cached from the old one. Absent: the store's own version is used.
   */
  servingVersion?(): number | null;
  /** Brings the index up to date with the store now and resolves when it is (tests, after seeding). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface SearchFreshness {
  /** A catalog change (event, venue, performer) is searchable within this many ms. */
  readonly catalogMs: number;
  /** A ticket state change shows in price/availability filters within this many ms (in-process). */
  readonly availabilityMs: number;
}

export type SearchSort = 'relevance' | 'date' | 'price' | 'popularity';
export type FacetName = 'type' | 'city' | 'month' | 'priceBand';
export const FACET_NAMES: readonly FacetName[] = ['type', 'city', 'month', 'priceBand'];

/** A validated, normalised search, as adapters receive it. */
export interface SearchQuery {
  /** Searchable words of the keyword (folded, stop words dropped, at most 8); empty: no keyword. */
  readonly words: readonly string[];
  /** The whole keyword folded (`foldText`), for exact title/performer matches; '' without one. */
  readonly phrase: string;
  /** Events ending at or after this instant (epoch ms). */
  readonly start: number | null;
  /** Events starting at or before this instant (epoch ms). */
  readonly end: number | null;
  /** Folded city name (`foldText`), matched against the venue's folded city. */
  readonly city: string | null;
  readonly venueId: string | null;
  readonly type: EventType | null;
  readonly performerId: string | null;
  /** Bounds on the cheapest available ticket, minor units, inclusive. */
  readonly minPrice: number | null;
  readonly maxPrice: number | null;
  /** Only events with at least one ticket available. */
  readonly onlyAvailable: boolean;
  readonly near: { readonly lat: number; readonly lon: number; readonly radiusKm: number } | null;
  /** Never `relevance` without words (the service turns it into `date`). */
  readonly sort: SearchSort;
  readonly offset: number;
  readonly limit: number;
  readonly facets: readonly FacetName[];
}

export interface SearchHits {
  readonly items: Event[];
  /** Events matching, exactly; or, when `totalExact` is false, a lower bound (that many are certain). */
  readonly total: number;
  /**
   * False when counting every match would cost more than the answer is worth (the PostgreSQL
   * adapter, for a keyword matching more events than it ranks): `total` is then the number of
   * matches it verified, and `totalEstimate` the planner's estimate. Absent: exact.
   */
  readonly totalExact?: boolean;
  /** With `totalExact: false`: an estimate of all matches (not a promise either way). */
  readonly totalEstimate?: number;
  readonly facets?: SearchFacets;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/**
 * Counts over every event the query matches (not just the page). `type` and `city` by count
 * (then name), `month` (`YYYY-MM`, UTC) chronologically, `priceBand` in band order with
 * `sold-out` last. Only the facets asked for are present.
 */
export type SearchFacets = Partial<Record<FacetName, FacetCount[]>>;

export interface SuggestQuery {
  /** The folded prefix (`foldText`), non-empty. */
  readonly prefix: string;
  readonly limit: number;
}

export type SuggestionKind = 'event' | 'performer' | 'venue' | 'city';

export interface Suggestion {
  readonly kind: SuggestionKind;
  /** What to show and, when picked, what to search for. */
  readonly text: string;
  /** The performer's or venue's id, the most popular event's id for a title; null for a city. */
  readonly id: string | null;
  /** Higher is better; popularity-weighted. Comparable within one answer only. */
  readonly score: number;
}
