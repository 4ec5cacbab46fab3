import { sql, type Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import { PRICE_BANDS, SOLD_OUT_BAND } from '../../../domain/search-text.js';
import type { Event } from '../../../domain/types.js';
import type { FacetCount, SearchFacets, SearchFreshness, SearchHits, SearchIndex, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { BoxOfficeDatabase } from '../../postgres/schema/db-types.js';
import { eventFromRow } from '../../postgres/schema/rows.js';
import { refreshAvailability, refreshStalest } from './availability-sql.js';
import { boundedSearch, estimateMatches } from './bounded-search.js';
import { facetSql, filters, orderBy, textParts } from './query-sql.js';
import type { PostgresSearchStore } from './search-store.js';
import { suggest } from './suggest-sql.js';
import { expandWords } from './word-expansions.js';

export interface PostgresSearchOptions {
  /** The store whose database is searched: a PostgreSQL or PGlite store (`PostgresStore`) is one. */
  readonly store: PostgresSearchStore;
  /** Ticket changes announced in this process are batched this long (default 200 ms). */
  readonly availabilityDebounceMs?: number;
  /** Backstop for other processes' sales and expiries: refresh the stalest rows this often (default 10 s)... */
  readonly availabilityRefreshMs?: number;
  /** ...this many at a time (default 2000), shared between processes (SKIP LOCKED). */
  readonly availabilityBatch?: number;
  /**
   * A search the planner expects to match more events than this (default 5,000) does not
   * count (nor, by relevance, rank) every match: a relevance search ranks a bounded candidate
   * set (bounded-search.ts), other sorts walk their index, and the total is counted up to
   * `rankCandidates`; past that it is a lower bound (`totalExact: false`, with the estimate).
   * Infinity: always rank and count everything.
   */
  readonly exactMatchLimit?: number;
  /** Candidates per source, and the cap of such counts (default 100: five pages of 20; 200 measured p99 ~100-200 ms against ~70-130 at 1M). Deeper relevance pages rank every match. */
  readonly rankCandidates?: number;
}

const BAND_ORDER = [...PRICE_BANDS.map((b) => b.key), SOLD_OUT_BAND];

/**
 * The PostgreSQL full-text adapter of the search port: the catalog's search rows live in the
 * database (migration 004), written by triggers in the same transaction as the catalog, so every
 * process shares one index and catalog text is searchable at commit. Queries use the stored
 * tsvector under GIN (no to_tsvector per row), pg_trgm for typos and suggestions. Availability
 * columns are refreshed from ticket changes (debounced) and by a round-robin backstop.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly kind: string;
  readonly #db: Kysely<BoxOfficeDatabase>;
  readonly #options: Required<Omit<PostgresSearchOptions, 'store'>>;
  #trgm: Promise<string> | null = null;
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #backstop: NodeJS.Timeout;
  #inFlight: Promise<unknown> = Promise.resolve();
  lastError: unknown = null;

  constructor(options: PostgresSearchOptions) {
    this.kind = options.store.kind;
    this.#db = options.store.db;
    this.#options = {
      availabilityDebounceMs: options.availabilityDebounceMs ?? 200,
      availabilityRefreshMs: options.availabilityRefreshMs ?? 10_000,
      availabilityBatch: options.availabilityBatch ?? 2000,
      exactMatchLimit: options.exactMatchLimit ?? 5000,
      rankCandidates: options.rankCandidates ?? 100,
    };
    this.#backstop = setInterval(() => this.#track(refreshStalest(this.#db, this.#options.availabilityBatch)), this.#options.availabilityRefreshMs);
    this.#backstop.unref();
  }

  get freshness(): SearchFreshness {
    return { catalogMs: 0, availabilityMs: this.#options.availabilityDebounceMs + 250 };
  }

  async search(q: SearchQuery): Promise<SearchHits> {
    const [expansions, longest] = await Promise.all([
      q.words.length > 0 ? this.#trgmSchema().then((trgm) => expandWords(this.#db, trgm, q.words)) : null,
      q.start !== null ? this.#longestEventMs() : 0,
    ]);
    const where = [filters(q, longest)];
    const text = expansions === null ? null : textParts(q, expansions);
    if (text) where.push(text.match);
    const condition = sql.join(where, sql` AND `);
    const facets = q.facets.length > 0 ? this.#facets(q, condition) : Promise.resolve(undefined);
    const o = this.#options;
    // The planner's estimate decides the plan only; every total returned is counted.
    const estimate = Number.isFinite(o.exactMatchLimit) ? await estimateMatches(this.#db, condition) : { matches: 0, catalog: 0 };
    const large = estimate.matches > o.exactMatchLimit;
    let ids: string[];
    let total: number;
    let totalExact = true;
    if (text && q.sort === 'relevance' && large && q.offset + q.limit <= o.rankCandidates) {
      ({ ids, total, totalExact } = await boundedSearch(this.#db, q, where[0]!, text, o.rankCandidates, estimate));
    } else if (text && q.sort === 'relevance') {
      const { rows } = await sql<{ event_id: string; total: number }>`
        SELECT event_id, count(*) OVER ()::int AS total
          FROM (SELECT s.event_id, s.starts_at, s.popularity, s.min_price, ${text.select} FROM event_search s WHERE ${condition}) m
         ORDER BY ${text.rank}
         LIMIT ${q.limit} OFFSET ${q.offset}`.execute(this.#db);
      ids = rows.map((r) => r.event_id);
      total = rows[0]?.total ?? (q.offset > 0 ? await this.#count(condition) : 0);
    } else {
      // A sort the indexes serve: the page walks one; the count is capped when it would be large.
      const [page, count] = await Promise.all([
        sql<{ event_id: string }>`SELECT event_id FROM event_search s WHERE ${condition}
          ORDER BY ${orderBy(q.sort)} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(this.#db),
        large ? this.#count(condition, o.rankCandidates) : this.#count(condition),
      ]);
      ids = page.rows.map((r) => r.event_id);
      total = count;
      totalExact = !large || count < o.rankCandidates;
    }
    const counted = totalExact ? {} : { totalExact: false, totalEstimate: Math.max(total, Math.round(estimate.matches)) };
    const [items, facetCounts] = await Promise.all([this.#events(ids), facets]);
    return { items, total, ...counted, ...(facetCounts ? { facets: facetCounts } : {}) };
  }

  async suggest(q: SuggestQuery): Promise<Suggestion[]> {
    return suggest(this.#db, await this.#trgmSchema(), q);
  }

  availabilityChanged(eventIds: readonly string[]): void {
    for (const id of eventIds) this.#pending.add(id);
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      const ids = [...this.#pending];
      this.#pending.clear();
      this.#track(refreshAvailability(this.#db, ids));
    }, this.#options.availabilityDebounceMs);
    this.#timer.unref();
  }

  /** Catalog rows are already current (triggers); this settles pending availability refreshes. */
  async refresh(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const ids = [...this.#pending];
    this.#pending.clear();
    await this.#inFlight;
    if (ids.length > 0) await refreshAvailability(this.#db, ids);
  }

  async close(): Promise<void> {
    clearInterval(this.#backstop);
    if (this.#timer) clearTimeout(this.#timer);
    await this.#inFlight;
  }

  #track(work: Promise<unknown>): void {
    this.#inFlight = Promise.allSettled([this.#inFlight, work.catch((e: unknown) => (this.lastError = e))]);
  }

  #trgmSchema(): Promise<string> {
    this.#trgm ??= (async () => {
      const { rows } = await sql<{ schema: string }>`
        SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(this.#db);
      const schema = rows[0]?.schema;
      if (schema === undefined || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
        this.#trgm = null;
        throw new BoxOfficeError('UNAVAILABLE', 'PostgreSQL search needs the pg_trgm extension (CREATE EXTENSION pg_trgm), then migration 004');
      }
      return schema;
    })();
    return this.#trgm;
  }

  /** The longest event's duration (ms), through the duration index (migration 006). */
  async #longestEventMs(): Promise<number> {
    const { rows } = await sql<{ ms: number }>`
      SELECT coalesce(extract(epoch FROM greatest(max(ends_at - starts_at), interval '0')) * 1000, 0)::float8 AS ms FROM event_search`.execute(this.#db);
    return rows[0]?.ms ?? 0;
  }

  /** Rows matching, counted up to `cap` when given (a LIMIT lets the scan stop there). */
  async #count(condition: ReturnType<typeof filters>, cap?: number): Promise<number> {
    const { rows } =
      cap === undefined
        ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_search s WHERE ${condition}`.execute(this.#db)
        : await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM event_search s WHERE ${condition} LIMIT ${cap}) c`.execute(this.#db);
    return rows[0]?.n ?? 0;
  }

  async #events(ids: readonly string[]): Promise<Event[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.selectFrom('events').selectAll().where('id', '=', sql<string>`any(${[...ids]}::text[])`).execute();
    const byId = new Map(rows.map((r) => [r.id, eventFromRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async #facets(q: SearchQuery, condition: ReturnType<typeof filters>): Promise<SearchFacets> {
    const { rows } = await sql<{ f: string; v: string; n: number }>`${facetSql(q.facets, condition)}`.execute(this.#db);
    const out: SearchFacets = {};
    for (const name of q.facets) {
      const counts: FacetCount[] = rows.filter((r) => r.f === name).map((r) => ({ value: r.v, count: r.n }));
      if (name === 'month') counts.sort((a, b) => (a.value < b.value ? -1 : 1));
      else if (name === 'priceBand') counts.sort((a, b) => BAND_ORDER.indexOf(a.value) - BAND_ORDER.indexOf(b.value));
      else counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      out[name] = counts;
    }
    return out;
  }
}
