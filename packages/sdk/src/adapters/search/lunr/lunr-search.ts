import type { SearchFreshness, SearchHits, SearchIndex, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { Store } from '../../../ports/store.js';
import { readAvailability, readCatalog } from '../catalog-source.js';
import { loadBackend } from '../../../optional-backend.js';
import type { IndexSnapshot } from './index-snapshot.js';

/** The lunr-backed engine, loaded on the first build (UNAVAILABLE naming `lunr` when it is not installed). */
const engine = () => loadBackend('lunr', () => import('./engine.js'));

/** The build the next query runs on, as far as callers may see it (identity and catalog version). */
export interface LunrSnapshotInfo {
  readonly version: number | null;
}

export interface LunrSearchOptions {
  readonly store: Store;
  /** Save each build here and start from it when the store's catalog version still matches. */
  readonly persistPath?: string;
  /** How often the store's catalog version is compared with the index's (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Quiet time after a detected change before rebuilding (default 250 ms). */
  readonly rebuildDebounceMs?: number;
  /** Ticket changes are batched this long before availability is re-read (default 200 ms). */
  readonly availabilityDebounceMs?: number;
  /** Full availability re-read (other processes' sales, expiries), default every 60 s. */
  readonly availabilityRefreshMs?: number;
}

/**
 * The lunr adapter of the search port: the whole catalog in memory, built from the store.
 * Queries run on the current snapshot and never wait on a rebuild, except the very first
 * query of a process, which waits for the first snapshot (loaded from `persistPath` when the
 * store's catalog version matches the saved one, else built).
 *
 * Freshness: the store's catalog version is polled every `pollIntervalMs`; a change triggers a
 * rebuild after `rebuildDebounceMs` of quiet, built in slices that yield to the event loop and
 * swapped in atomically. Bound: `freshness.catalogMs` = poll + debounce + twice the last build
 * time + 250 ms. Availability: ticket changes announced in this process are re-read within
 * `availabilityDebounceMs` (+ one query); others within `availabilityRefreshMs`.
 */
export class LunrSearchIndex implements SearchIndex {
  readonly kind = 'lunr';
  readonly #store: Store;
  readonly #options: Required<Omit<LunrSearchOptions, 'store' | 'persistPath'>> & { persistPath: string | undefined };
  #current: IndexSnapshot | null = null;
  #first: Promise<IndexSnapshot> | null = null;
  #building: Promise<void> | null = null;
  #persisting: Promise<void> = Promise.resolve();
  #lastBuildMs = 0;
  #pending = new Set<string>();
  #dirtyDuringBuild = new Set<string>();
  #timers: NodeJS.Timeout[] = [];
  #rebuildTimer: NodeJS.Timeout | null = null;
  #availabilityTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** The last background failure (a failed poll or build), for diagnostics. */
  lastError: unknown = null;

  constructor(options: LunrSearchOptions) {
    this.#store = options.store;
    this.#options = {
      persistPath: options.persistPath,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      rebuildDebounceMs: options.rebuildDebounceMs ?? 250,
      availabilityDebounceMs: options.availabilityDebounceMs ?? 200,
      availabilityRefreshMs: options.availabilityRefreshMs ?? 60_000,
    };
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => void fn().catch((e: unknown) => (this.lastError = e)), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(this.#options.pollIntervalMs, () => this.#poll());
    every(this.#options.availabilityRefreshMs, () => this.#refreshAvailability());
  }

  get freshness(): SearchFreshness {
    const o = this.#options;
    return { catalogMs: o.pollIntervalMs + o.rebuildDebounceMs + 2 * this.#lastBuildMs + 250, availabilityMs: o.availabilityDebounceMs + 250 };
  }

  /** The build the next query will run on (for tests and benchmarks). */
  servingVersion(): number | null {
    return this.snapshot?.version ?? null;
  }

  get snapshot(): LunrSnapshotInfo | null {
    return this.#current;
  }

  async search(query: SearchQuery): Promise<SearchHits> {
    return (await this.#snapshot()).search(query);
  }

  async suggest(query: SuggestQuery): Promise<Suggestion[]> {
    return (await this.#snapshot()).suggest(query);
  }

  availabilityChanged(eventIds: readonly string[]): void {
    for (const id of eventIds) this.#pending.add(id);
    this.#availabilityTimer ??= setTimeout(() => {
      this.#availabilityTimer = null;
      void this.#flushAvailability().catch((e: unknown) => (this.lastError = e));
    }, this.#options.availabilityDebounceMs);
    this.#availabilityTimer.unref();
  }

  async refresh(): Promise<void> {
    const current = await this.#snapshot();
    await this.#building;
    if (!(await this.#upToDate(this.#current ?? current))) await this.#rebuild();
    await this.#refreshAvailability();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of [...this.#timers, this.#rebuildTimer, this.#availabilityTimer]) if (t) clearTimeout(t);
    await Promise.allSettled([this.#building, this.#persisting, this.#first]);
  }

  #snapshot(): Promise<IndexSnapshot> {
    if (this.#current) return Promise.resolve(this.#current);
    this.#first ??= this.#start().catch((error: unknown) => {
      this.#first = null;
      throw error;
    });
    return this.#first;
  }

  /** The first snapshot: the saved one if the catalog has not changed since, else a build. */
  async #start(): Promise<IndexSnapshot> {
    const path = this.#options.persistPath;
    if (path !== undefined && this.#store.catalogVersion) {
      const { readSavedHeader, loadSnapshot } = await engine();
      const [header, version] = await Promise.all([readSavedHeader(path), this.#store.catalogVersion()]);
      if (header && header.catalogVersion === version && header.storeKind === this.#store.kind) {
        try {
          const saved = await loadSnapshot(path);
          saved.columns.applyAvailability(await readAvailability(this.#store));
          this.#current = saved;
          return saved;
        } catch (error) {
          this.lastError = error; // unreadable: build instead
        }
      }
    }
    await this.#rebuild();
    return this.#current!;
  }

  async #upToDate(snapshot: IndexSnapshot): Promise<boolean> {
    if (!this.#store.catalogVersion) return false;
    return snapshot.version === (await this.#store.catalogVersion());
  }

  async #poll(): Promise<void> {
    if (this.#closed || !this.#current || this.#building || this.#rebuildTimer) return;
    if (this.#store.catalogVersion === undefined) {
      // No version to compare: rebuild once a minute at most.
      if (Date.now() - this.#builtAt < 60_000) return;
    } else if (await this.#upToDate(this.#current)) return;
    this.#rebuildTimer = setTimeout(() => {
      this.#rebuildTimer = null;
      void this.#rebuild().catch((e: unknown) => (this.lastError = e));
    }, this.#options.rebuildDebounceMs);
    this.#rebuildTimer.unref();
  }

  #builtAt = 0;

  /** Builds a new snapshot off the hot path and swaps it in; one build at a time. */
  #rebuild(): Promise<void> {
    this.#building ??= (async () => {
      try {
        const started = performance.now();
        this.#dirtyDuringBuild = new Set();
        const records = await readCatalog(this.#store);
        const next = await (await engine()).IndexSnapshot.build(records);
        next.columns.applyAvailability(await readAvailability(this.#store));
        if (this.#dirtyDuringBuild.size > 0) next.columns.applyAvailability(await readAvailability(this.#store, [...this.#dirtyDuringBuild]));
        this.#current = next;
        this.#builtAt = Date.now();
        this.#lastBuildMs = performance.now() - started;
        this.#persist(next);
      } finally {
        this.#building = null;
      }
    })();
    return this.#building;
  }

  #persist(snapshot: IndexSnapshot): void {
    const path = this.#options.persistPath;
    if (path === undefined) return;
    this.#persisting = this.#persisting
      .then(async () => (await engine()).saveSnapshot(path, snapshot, this.#store.kind))
      .catch((e: unknown) => {
        this.lastError = e;
      });
  }

  async #flushAvailability(): Promise<void> {
    if (this.#pending.size === 0 || !this.#current) return;
    const ids = [...this.#pending];
    this.#pending.clear();
    if (this.#building) for (const id of ids) this.#dirtyDuringBuild.add(id);
    const summaries = await readAvailability(this.#store, ids);
    this.#current.columns.applyAvailability(summaries);
  }

  async #refreshAvailability(): Promise<void> {
    if (this.#closed || !this.#current) return;
    const snapshot = this.#current;
    snapshot.columns.applyAvailability(await readAvailability(this.#store));
  }
}

export function createLunrSearch(options: LunrSearchOptions): LunrSearchIndex {
  return new LunrSearchIndex(options);
}
