import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SearchHits, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { CatalogRecords } from '../catalog-source.js';
import { CatalogColumns } from './catalog-columns.js';
import { EventRows } from './event-rows.js';
import { runQuery } from './query-engine.js';
import type { SavedPart } from './saved-part.js';
import { SuggestionIndex } from './suggestions.js';
import { TextIndex } from './text-index.js';
import { UnitTable } from './units.js';

/** A build as saved: each structure's part (see persist.ts). */
export interface SavedSnapshot {
  readonly version: number | null;
  readonly events: SavedPart;
  readonly columns: SavedPart;
  readonly units: SavedPart;
  readonly text: SavedPart;
  readonly suggestions: SavedPart;
}

/**
 * One immutable build of the index: columns, text units, lunr, suggestions, and the catalog
 * version it was built from. The adapter swaps whole snapshots (one assignment), so a query
 * runs entirely on one build. Only the availability columns change in place.
 */
export class IndexSnapshot {
  private constructor(
    readonly version: number | null,
    readonly columns: CatalogColumns,
    readonly units: UnitTable,
    readonly text: TextIndex,
    readonly suggestions: SuggestionIndex,
  ) {}

  /** The indexed events' ids, in row order. */
  get eventIds(): readonly string[] {
    return this.columns.events.ids;
  }

  static async build(records: CatalogRecords): Promise<IndexSnapshot> {
    const columns = new CatalogColumns(records);
    await yieldToLoop();
    const units = new UnitTable(records, columns);
    await yieldToLoop();
    const text = await TextIndex.build(units, columns.size);
    await yieldToLoop();
    return new IndexSnapshot(records.version, columns, units, text, new SuggestionIndex({ units, columns }, text.tokens));
  }

  /** From a saved build: every structure restored as it was saved, nothing re-derived. */
  static restore(saved: SavedSnapshot): IndexSnapshot {
    const columns = new CatalogColumns({ saved: saved.columns, events: EventRows.restore(saved.events) });
    const units = new UnitTable(saved.units, columns);
    const text = TextIndex.restore(saved.text, units, columns.size);
    return new IndexSnapshot(saved.version, columns, units, text, new SuggestionIndex(saved.suggestions, text.tokens));
  }

  /** What persist.ts writes. */
  async saved(): Promise<SavedSnapshot> {
    return {
      version: this.version,
      events: await this.columns.events.saved(),
      columns: this.columns.saved(),
      units: this.units.saved(),
      text: this.text.saved(),
      suggestions: this.suggestions.saved(),
    };
  }

  search(query: SearchQuery): SearchHits {
    return runQuery(this.columns, this.text, query);
  }

  suggest(query: SuggestQuery): Suggestion[] {
    return this.suggestions.suggest(query);
  }
}
