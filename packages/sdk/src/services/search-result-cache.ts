import { createHash } from 'node:crypto';
import type { SearchCache } from '../ports/search-cache.js';
import { LruMap } from './lru-map.js';

export interface SearchResultCacheOptions {
  readonly cache: SearchCache;
  /**
   * The catalog version the answers come from (lunr: its snapshot's; else the store's,
   * polled), part of every key: a catalog change makes every older entry unreachable at once.
   * Null when unknown: the lifetime alone then bounds staleness.
   */
  readonly version: () => Promise<number | null>;
  /** Lifetime of an entry asked for once (default 1 s). */
  readonly minTtlMs?: number;
  /** Lifetime of the most popular entries, and so the longest availability lag it adds (default 15 s). */
  readonly maxTtlMs?: number;
}

/** Lifetime for a query asked `hits` times lately: doubles with each doubling of popularity, within the bounds. */
export function adaptiveTtl(hits: number, minTtlMs: number, maxTtlMs: number): number {
  const doublings = Math.floor(Math.log2(Math.max(1, hits)));
  return Math.min(maxTtlMs, minTtlMs * 2 ** Math.min(doublings, 20));
}

/**
 * Caches search and suggestion results by the normalised query. Popular queries live longer
 * (`adaptiveTtl`); catalog changes invalidate by key (the version is in it); availability-
 * derived fields may lag by up to `maxTtlMs` on top of the index's own bound. A cache failure
 * is a miss: the query then runs as without a cache.
 */
export class SearchResultCache {
  readonly stats = { hits: 0, misses: 0 };
  private readonly popularity = new LruMap<number>({ max: 50_000 });
  private readonly minTtlMs: number;
  private readonly maxTtlMs: number;

  constructor(private readonly o: SearchResultCacheOptions) {
    this.minTtlMs = o.minTtlMs ?? 1000;
    this.maxTtlMs = o.maxTtlMs ?? 15_000;
  }

  get kind(): string {
    return this.o.cache.kind;
  }

  async through<T>(kind: 'search' | 'suggest', query: unknown, compute: () => Promise<T>): Promise<T> {
    const digest = createHash('sha1').update(JSON.stringify(query)).digest('base64url');
    const hits = (this.popularity.get(digest) ?? 0) + 1;
    this.popularity.set(digest, hits);
    const version = await this.o.version().catch(() => null);
    const key = `${kind}:${version ?? '-'}:${digest}`;
    const cached = await this.o.cache.get(key).catch(() => undefined);
    if (cached !== undefined) {
      this.stats.hits++;
      return JSON.parse(cached) as T;
    }
    this.stats.misses++;
    const value = await compute();
    this.o.cache.set(key, JSON.stringify(value), adaptiveTtl(hits, this.minTtlMs, this.maxTtlMs)).catch(() => undefined);
    return value;
  }
}

/** `read` at most once per `everyMs`; callers in between share the last answer. */
export function polled<T>(read: () => Promise<T>, everyMs: number, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    const t = now();
    if (!last || t - last.at >= everyMs) {
      const value = read();
      last = { at: t, value };
      value.catch(() => {
        if (last?.value === value) last = null; // a failed read is not kept
      });
    }
    return last.value;
  };
}
