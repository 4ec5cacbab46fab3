import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SearchHits, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { AvailabilitySummary } from '../../../ports/store.js';
import type { CatalogRecords } from '../catalog-source.js';
import type { BuiltIndex, Envelope, Reply, WorkerAnswers, WorkerRequest } from './worker-protocol.js';

/** Events (or availability rows) per message: each structured clone is main-thread work (~1 ms per 100 events). */
const CHUNK = 500;

/**
 * Starts the worker's code: beside this module once built (`dist/search-worker.js`), or, when
 * the SDK runs from its TypeScript source (its tests), the source through tsx's loader.
 */
function startWorker(): Worker {
  // ESM: import.meta.url; the CommonJS build leaves import.meta empty: __filename there.
  const here = (import.meta as { url?: string }).url ?? pathToFileURL(__filename).href;
  if (!here.endsWith('.ts')) return new Worker(builtWorker(here));
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href;
  const entry = new URL('./search-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** The built worker entry (dist/search-worker.js), from a chunk in dist/ or an entry one level below. */
function builtWorker(here: string): URL {
  const beside = new URL('./search-worker.js', here);
  return existsSync(beside) ? beside : new URL('../search-worker.js', here);
}

/**
 * One search worker thread holding one build of the index, seen from the main thread. The
 * adapter builds each new snapshot in a fresh worker and swaps workers (one assignment), so a
 * query runs entirely on one build and never waits behind the next one.
 */
export class SnapshotWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #next = 0;
  #failed: Error | null = null;
  /** Set once built or loaded. */
  version: number | null = null;
  /** The events indexed, in row order (availability is refreshed for exactly these). */
  eventIds: readonly string[] = [];

  constructor() {
    this.#worker = startWorker();
    // An idle worker must not keep a one-shot CLI process alive.
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(`search worker: ${reply.message}`));
    });
    // Without listeners a worker's crash would end the process.
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => this.#fail(new Error(`search worker exited (code ${code})`)));
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }

  #call<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>): Promise<WorkerAnswers[K]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    const answer = new Promise<WorkerAnswers[K]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Only while a request is out does the worker keep the process alive.
      this.#worker.ref();
      this.#worker.postMessage({ id, request } satisfies Envelope);
    }).finally(() => {
      this.#inFlight.delete(answer);
      if (this.#pending.size === 0) this.#worker.unref();
    });
    this.#inFlight.add(answer);
    return answer;
  }

  /** Sends the catalog in chunks (yielding between them) and builds the index on it. */
  async build(records: CatalogRecords): Promise<void> {
    await this.#call({ op: 'begin', version: records.version, venues: records.venues, performers: records.performers });
    for (let i = 0; i < records.events.length; i += CHUNK) {
      await this.#call({ op: 'events', events: records.events.slice(i, i + CHUNK) });
      await yieldToLoop();
    }
    this.#built(await this.#call({ op: 'build' }));
  }

  /** Loads a saved index (read and parsed in the worker). */
  async load(path: string): Promise<void> {
    this.#built(await this.#call({ op: 'load', path }));
  }

  #built(index: BuiltIndex): void {
    this.version = index.version;
    this.eventIds = index.eventIds;
  }

  save(path: string, storeKind: string): Promise<null> {
    return this.#call({ op: 'save', path, storeKind });
  }

  async applyAvailability(summaries: readonly AvailabilitySummary[]): Promise<void> {
    for (let i = 0; i < summaries.length; i += CHUNK) await this.#call({ op: 'availability', summaries: summaries.slice(i, i + CHUNK) });
  }

  search(query: SearchQuery): Promise<SearchHits> {
    return this.#call({ op: 'search', query });
  }

  suggest(query: SuggestQuery): Promise<Suggestion[]> {
    return this.#call({ op: 'suggest', query });
  }

  /** Ends the thread once the requests already sent are answered. */
  async retire(): Promise<void> {
    await Promise.allSettled(this.#inFlight);
    this.#failed ??= new Error('search worker retired');
    await this.#worker.terminate();
  }
}
