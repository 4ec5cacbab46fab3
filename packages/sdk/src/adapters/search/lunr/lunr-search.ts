import { rm } from 'node:fs/promises';
import { BoxOfficeError } from '../../../domain/errors.js';
import type { SearchFreshness, SearchHits, SearchIndex, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { Store } from '../../../ports/store.js';
import { readAvailability, readCatalog } from '../catalog-source.js';
import { loadBackend } from '../../../optional-backend.js';
import { findSavedIndex, type PreloadedSearchIndex } from './preload.js';
import { readSavedHeader } from './saved-header.js';
import { SnapshotWorker } from './snapshot-worker.js';

/**
 * lunr is an optional peer, used by the search worker only: checked here before a worker is
 * started, so a missing package is an UNAVAILABLE naming what to install, not a worker crash.
 * Importing this module (the SDK root's default search) does not load it.
 */
const lunrInstalled = () => loadBackend('lunr', () => import('lunr'));

/** The build the next query runs on, as far as callers may see it (its catalog version). */
export interface LunrSnapshotInfo {
  readonly version: number | null;
}

export interface LunrSearchOptions {
  readonly store: Store;
  /** Save each build here and start from it when the store's catalog version still matches. */
  readonly persistPath?: string;
  /**
   * Older names of the saved index (`legacySearchIndexPathsOf`): started from when `persistPath`
   * holds none, and removed once a save at `persistPath` succeeded (they would only go stale).
   */
  readonly legacyPersistPaths?: readonly string[];
  /** A load of the saved index started before the store was open (`preloadSearchIndex`); owned. */
  readonly preloaded?: PreloadedSearchIndex;
  /** Build (or load) the first index as soon as the adapter is made, not at the first query (default false). */
  readonly buildAtStart?: boolean;
  /**
   * What a query gets before the first index is ready: `wait` for it (default: a one-shot CLI
   * call), `unavailable` (an UNAVAILABLE error at once: a server says 503 with Retry-After), or
   * another search index to answer meanwhile (the SQL adapter on PostgreSQL). A given
   * index is owned: closed once the first build serves, or with this adapter.
   */
  readonly whileBuilding?: 'wait' | 'unavailable' | SearchIndex;
  /** Told each time a build (or a saved index, `loaded`) starts answering queries, for logs. */
  readonly onReady?: (info: { readonly ms: number; readonly events: number; readonly version: number | null; readonly loaded: boolean }) => void;
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
 * The lunr adapter of the search port: the whole catalog in memory, in a worker thread
 * (SnapshotWorker), built from the store. The main thread only reads the store (in small
 * pieces) and passes messages: neither a build nor a query's CPU holds its event loop.
 * Queries run on the current build and never wait on a rebuild; before the first build is
 * ready they wait, fail as UNAVAILABLE or go to another index (`whileBuilding`). The first
 * build is loaded from `persistPath` when the store's catalog version matches the saved one.
 *
 * Freshness: the store's catalog version is polled every `pollIntervalMs`; a change triggers a
 * rebuild after `rebuildDebounceMs` of quiet, in a new worker swapped in atomically (the old
 * one ends once its queries are answered). Ticket changes announced during a build are re-read
 * into the new build before the swap, so none is lost. Bound: `freshness.catalogMs` = poll +
 * debounce + twice the last build time + 250 ms. Availability: ticket changes announced in this
 * process are re-read within `availabilityDebounceMs` (+ one query); others within
 * `availabilityRefreshMs`.
 */
export class LunrSearchIndex implements SearchIndex {
  readonly kind = 'lunr';
  readonly #store: Store;
  readonly #options: Required<Omit<LunrSearchOptions, 'store' | 'persistPath' | 'legacyPersistPaths' | 'whileBuilding' | 'buildAtStart' | 'onReady' | 'preloaded'>> & { persistPath: string | undefined; legacyPersistPaths: readonly string[] };
  #whileBuilding: 'wait' | 'unavailable' | SearchIndex;
  readonly #onReady: LunrSearchOptions['onReady'];
  #preloaded: PreloadedSearchIndex | undefined;
  #current: SnapshotWorker | null = null;
  #first: Promise<SnapshotWorker> | null = null;
  #building: Promise<void> | null = null;
  #persisting: Promise<unknown> = Promise.resolve();
  /** A paced re-read of the store's availability (into a loaded index, or the periodic one), if running. */
  #refreshing: Promise<void> | null = null;
  #lastBuildMs = 0;
  #builtAt = 0;
  #pending = new Set<string>();
  #dirtyDuringBuild = new Set<string>();
  /** Events announced changed, per full availability read in progress (`#readAllInto`). */
  readonly #watchers = new Set<Set<string>>();
  #timers: NodeJS.Timeout[] = [];
  #rebuildTimer: NodeJS.Timeout | null = null;
  #availabilityTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Ends long store reads (a build's, a full availability refresh's) when closing. */
  readonly #closing = new AbortController();
  /** The last background failure (a failed poll or build), for diagnostics. */
  lastError: unknown = null;

  constructor(options: LunrSearchOptions) {
    this.#store = options.store;
    this.#whileBuilding = options.whileBuilding ?? 'wait';
    this.#onReady = options.onReady;
    this.#preloaded = options.preloaded;
    this.#options = {
      persistPath: options.persistPath,
      legacyPersistPaths: options.legacyPersistPaths ?? [],
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
    every(this.#options.availabilityRefreshMs, () => this.#refreshInBackground());
    if (options.buildAtStart) void this.#snapshot().catch((e: unknown) => (this.lastError = e));
  }

  get freshness(): SearchFreshness {
    const o = this.#options;
    return { catalogMs: o.pollIntervalMs + o.rebuildDebounceMs + 2 * this.#lastBuildMs + 250, availabilityMs: o.availabilityDebounceMs + 250 };
  }

  /** The build the next query will run on (for tests and benchmarks). */
  servingVersion(): number | null {
    return this.#current?.version ?? null;
  }

  /** The worker holding the build queries run on now (null before the first is ready). */
  get snapshot(): LunrSnapshotInfo | null {
    return this.#current;
  }

  /** Whether queries are answered by a build of this index (not waiting, failing or sent elsewhere). */
  get ready(): boolean {
    return this.#current !== null;
  }

  async search(query: SearchQuery): Promise<SearchHits> {
    const fallback = this.#meanwhile();
    return fallback ? fallback.search(query) : (await this.#snapshot()).search(query);
  }

  async suggest(query: SuggestQuery): Promise<Suggestion[]> {
    const fallback = this.#meanwhile();
    return fallback ? fallback.suggest(query) : (await this.#snapshot()).suggest(query);
  }

  /** Before the first build: the index answering meanwhile, or an UNAVAILABLE error; else null (use ours). */
  #meanwhile(): SearchIndex | null {
    if (this.#current || this.#whileBuilding === 'wait') return null;
    void this.#snapshot().catch((e: unknown) => (this.lastError = e));
    if (this.#whileBuilding === 'unavailable') {
      throw new BoxOfficeError('UNAVAILABLE', 'search is starting: its index is being built; retry shortly');
    }
    return this.#whileBuilding;
  }

  availabilityChanged(eventIds: readonly string[]): void {
    if (typeof this.#whileBuilding === 'object') this.#whileBuilding.availabilityChanged(eventIds);
    for (const id of eventIds) this.#pending.add(id);
    this.#availabilityTimer ??= setTimeout(() => {
      this.#availabilityTimer = null;
      void this.#flushAvailability().catch((e: unknown) => (this.lastError = e));
    }, this.#options.availabilityDebounceMs);
    this.#availabilityTimer.unref();
  }

  /**
   * Resolves once the index this adapter serves is saved at `persistPath`: loaded from there
   * (the catalog had not changed since) or built and written. What `boxoffice seed` calls so
   * the first server on a freshly seeded store loads its index instead of building it.
   */
  async saved(): Promise<void> {
    const path = this.#options.persistPath;
    if (path === undefined) throw new BoxOfficeError('VALIDATION', 'persistPath: the index has nowhere to be saved', { field: 'persistPath' });
    const serving = await this.#snapshot();
    await this.#building;
    await this.#persisting; // a failed save is kept in lastError, not thrown: checked here
    const header = await readSavedHeader(path);
    if (header?.catalogVersion !== serving.version || header.storeKind !== this.#store.kind) {
      throw new BoxOfficeError('UNAVAILABLE', `the search index could not be saved at ${path}`, { cause: this.lastError ?? undefined });
    }
  }

  async refresh(): Promise<void> {
    const current = await this.#snapshot();
    await this.#building;
    if (!(await this.#upToDate(this.#current ?? current))) await this.#rebuild();
    await this.#refreshAvailability();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    for (const t of [...this.#timers, this.#rebuildTimer, this.#availabilityTimer]) if (t) clearTimeout(t);
    await Promise.allSettled([this.#building, this.#persisting, this.#first, this.#refreshing]);
    // A server's index is saved again with today's availability, which the next process answers
    // with while it re-reads the store's (not a one-shot CLI call's: it changed nothing).
    if (this.#current && Date.now() - this.#builtAt > 60_000) this.#persist(this.#current);
    await this.#persisting;
    await this.#current?.retire();
    this.#current = null;
    if (this.#preloaded) await this.#preloaded.worker.retire();
    await this.#dropFallback();
  }

  async #dropFallback(): Promise<void> {
    const fallback = this.#whileBuilding;
    if (typeof fallback !== 'object') return;
    this.#whileBuilding = 'wait';
    await fallback.close().catch((e: unknown) => (this.lastError = e));
  }

  #snapshot(): Promise<SnapshotWorker> {
    if (this.#current) return Promise.resolve(this.#current);
    this.#first ??= this.#start().catch((error: unknown) => {
      this.#first = null;
      throw error;
    });
    return this.#first;
  }

  /**
   * The first build: the saved one if the catalog has not changed since, else built. A loaded
   * index answers at once with the availability saved with it (as of this adapter's last save
   * or close) while the store's is re-read behind it: on a big embedded store that read takes
   * minutes (every ticket), the load seconds.
   */
  async #start(): Promise<SnapshotWorker> {
    await lunrInstalled();
    const path = this.#options.persistPath;
    const preloaded = this.#preloaded;
    this.#preloaded = undefined;
    if (path !== undefined && this.#store.catalogVersion) {
      // The saved index under its name, else under an older one (a store saved by an older version).
      const candidates = [path, ...this.#options.legacyPersistPaths];
      const usable = preloaded !== undefined && candidates.includes(preloaded.path);
      const [saved, version] = await Promise.all([
        usable ? preloaded.header.then((header) => (header ? { path: preloaded.path, header } : undefined)) : findSavedIndex(candidates),
        this.#store.catalogVersion(),
      ]);
      const header = saved?.header;
      if (saved && header && header.catalogVersion === version && header.storeKind === this.#store.kind) {
        const worker = usable && preloaded.path === saved.path ? preloaded.worker : new SnapshotWorker();
        try {
          const started = performance.now();
          this.#dirtyDuringBuild = new Set();
          await (worker === preloaded?.worker ? preloaded.loaded : worker.load(saved.path));
          this.#lastBuildMs = performance.now() - started;
          this.#swapIn(worker, true);
          // Found under an older name: saved under the current one (which removes the old).
          if (saved.path !== path) this.#persist(worker);
          // Behind an index already answering: paced, so requests do not queue behind it.
          this.#refreshing = this.#fillAvailability(worker, true)
            .catch((e: unknown) => {
              this.lastError = e;
            })
            .finally(() => (this.#refreshing = null));
          return worker;
        } catch (error) {
          this.lastError = error; // unreadable: build instead
          void worker.retire();
        }
      }
    }
    if (preloaded && this.#current !== preloaded.worker) void preloaded.worker.retire();
    await this.#rebuild();
    if (!this.#current) throw new BoxOfficeError('UNAVAILABLE', 'search is closed');
    return this.#current;
  }

  async #upToDate(snapshot: SnapshotWorker): Promise<boolean> {
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

  /** Builds a new index in a new worker and swaps it in; one build at a time. */
  #rebuild(): Promise<void> {
    this.#building ??= (async () => {
      await lunrInstalled();
      const worker = new SnapshotWorker();
      try {
        const started = performance.now();
        this.#dirtyDuringBuild = new Set();
        await worker.build(await readCatalog(this.#store, this.#closing.signal));
        await this.#fillAvailability(worker);
        this.#lastBuildMs = performance.now() - started;
        this.#swapIn(worker, false);
        this.#persist(worker);
      } catch (error) {
        void worker.retire();
        throw error;
      } finally {
        this.#building = null;
      }
    })();
    return this.#building;
  }

  /**
   * Availability into a new build, then once more for the events whose tickets changed while
   * it was read (announced to the old build only, or to none yet): no change is lost.
   */
  async #fillAvailability(worker: SnapshotWorker, background = false): Promise<void> {
    await this.#readAllInto(worker, background);
    const dirty = [...this.#dirtyDuringBuild];
    this.#dirtyDuringBuild = new Set();
    if (dirty.length > 0) await worker.applyAvailability(await readAvailability(this.#store, dirty));
  }

  /** One assignment: the next query runs on the new build; the old worker ends after its queries. */
  #swapIn(worker: SnapshotWorker, loaded: boolean): void {
    if (this.#closed) {
      void worker.retire();
      return;
    }
    const old = this.#current;
    this.#current = worker;
    this.#builtAt = Date.now();
    void old?.retire();
    void this.#dropFallback();
    this.#onReady?.({ ms: Math.round(this.#lastBuildMs), events: worker.eventIds.length, version: worker.version, loaded });
  }

  #persist(worker: SnapshotWorker): void {
    const path = this.#options.persistPath;
    if (path === undefined) return;
    this.#persisting = this.#persisting
      .then(() => worker.save(path, this.#store.kind))
      .then(() => Promise.all(this.#options.legacyPersistPaths.map((old) => rm(old, { force: true }))))
      .catch((e: unknown) => {
        this.lastError = e;
      });
  }

  async #flushAvailability(): Promise<void> {
    if (this.#pending.size === 0) return;
    const ids = [...this.#pending];
    this.#pending.clear();
    if (this.#building || !this.#current) for (const id of ids) this.#dirtyDuringBuild.add(id);
    for (const changed of this.#watchers) for (const id of ids) changed.add(id);
    const current = this.#current;
    if (!current) return;
    await current.applyAvailability(await readAvailability(this.#store, ids));
  }

  /**
   * Every event's availability into `worker`; then, once more, the events whose tickets changed
   * while it was read (the read's value of such an event may be older than the change's).
   */
  async #readAllInto(worker: SnapshotWorker, background: boolean): Promise<void> {
    const changed = new Set<string>();
    this.#watchers.add(changed);
    try {
      await worker.applyAvailability(await readAvailability(this.#store, worker.eventIds, { signal: this.#closing.signal, background }));
      if (changed.size > 0) await worker.applyAvailability(await readAvailability(this.#store, [...changed]));
    } finally {
      this.#watchers.delete(changed);
    }
  }

  /** The periodic full re-read, paced; skipped while one runs (at 100,000 events on PGlite it can outlast the period). */
  #refreshInBackground(): Promise<void> {
    if (this.#closed || !this.#current || this.#refreshing || this.#building) return Promise.resolve();
    this.#refreshing = this.#readAllInto(this.#current, true).finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refreshAvailability(): Promise<void> {
    if (this.#closed || !this.#current) return;
    await this.#readAllInto(this.#current, false);
  }
}

export function createLunrSearch(options: LunrSearchOptions): LunrSearchIndex {
  return new LunrSearchIndex(options);
}
