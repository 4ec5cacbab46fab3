import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SearchHits, SearchQuery, Suggestion, SuggestQuery } from '../../../ports/search.js';
import type { CatalogRecords } from '../catalog-source.js';
import { CatalogColumns } from './catalog-columns.js';
import { runQuery } from './query-engine.js';
import { SuggestionIndex } from './suggestions.js';
import { TextIndex } from './text-index.js';
import { UnitTable } from './units.js';

/**
 * One immutable build of the index: columns, text units, lunr, suggestions, and the catalog
 * version it was built from. The adapter swaps whole snapshots (one assignment), so a query
 * runs entirely on one build. Only the availability columns change in place.
 */
export class IndexSnapshot {
  private constructor(
    readonly records: CatalogRecords,
    readonly columns: CatalogColumns,
    readonly units: UnitTable,
    readonly text: TextIndex,
    readonly suggestions: SuggestionIndex,
  ) {}

  get version(): number | null {
    return this.records.version;
  }

  static async build(records: CatalogRecords): Promise<IndexSnapshot> {
    const columns = new CatalogColumns(records);
    await yieldToLoop();
    const units = new UnitTable(records, columns);
    await yieldToLoop();
    const text = await TextIndex.build(units, columns.size);
    await yieldToLoop();
    return new IndexSnapshot(records, columns, units, text, new SuggestionIndex(units, columns, text.tokens));
  }

  /** From a saved build: the lunr index is loaded, not rebuilt; columns and units are re-derived. */
  static fromSaved(records: CatalogRecords, lunrJson: object, unitWords: Uint16Array): IndexSnapshot {
    const columns = new CatalogColumns(records);
    const units = new UnitTable(records, columns);
    if (units.size !== unitWords.length) throw new Error('saved search index does not match its records');
    const text = TextIndex.load(lunrJson, units, unitWords, columns.size);
    return new IndexSnapshot(records, columns, units, text, new SuggestionIndex(units, columns, text.tokens));
  }

  search(query: SearchQuery): SearchHits {
    return runQuery(this.columns, this.text, query);
  }

  suggest(query: SuggestQuery): Suggestion[] {
    return this.suggestions.suggest(query);
  }
}
