import type { SearchHits, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { AvailabilitySummary } from '../../../ports/store.js';
import type { CatalogRecords } from '../catalog-source.js';

/**
 * What crosses between the lunr adapter (main thread) and a search worker. One worker holds
 * one build of the index: it receives the catalog in chunks (or a saved index's path), builds,
 * then answers queries until the adapter retires it for the next build's worker.
 */
export type WorkerRequest =
  | { readonly op: 'begin'; readonly version: number | null; readonly venues: CatalogRecords['venues']; readonly performers: CatalogRecords['performers'] }
  | { readonly op: 'events'; readonly events: CatalogRecords['events'] }
  | { readonly op: 'build' }
  | { readonly op: 'load'; readonly path: string }
  | { readonly op: 'save'; readonly path: string; readonly storeKind: string }
  | { readonly op: 'availability'; readonly summaries: readonly AvailabilitySummary[] }
  | { readonly op: 'search'; readonly query: SearchQuery }
  | { readonly op: 'suggest'; readonly query: SuggestQuery };

/** What each request answers (`build` and `load`: the catalog version and the events' ids in row order). */
export interface WorkerAnswers {
  begin: null;
  events: null;
  build: BuiltIndex;
  load: BuiltIndex;
  save: null;
  availability: null;
  search: SearchHits;
  suggest: Suggestion[];
}

export interface BuiltIndex {
  readonly version: number | null;
  readonly eventIds: string[];
}

export type Envelope = { readonly id: number; readonly request: WorkerRequest };
export type Reply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string };
