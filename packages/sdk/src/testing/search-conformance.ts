import { describe } from 'vitest';
import { filterCases } from './search/filter-cases.js';
import { freshnessCases, suggestCases, validationCases } from './search/misc-cases.js';
import { relevanceCases } from './search/relevance-cases.js';
import type { SearchFactory } from './search/search-fixtures.js';

/**
 * The search conformance suite: every search adapter (lunr, PostgreSQL full text on PostgreSQL
 * and on PGlite) passes exactly these cases: relevance (exact title or performer first, all
 * words above some, typos, prefixes, stems, accents), filters, sorts, paging, facets,
 * suggestions, bad input, and freshness within the adapter's documented bound.
 * An adapter's test file is one call: `searchConformance('lunr', async () => ({ store, search, cleanup }))`.
 */
export function searchConformance(name: string, factory: SearchFactory): void {
  describe(`search conformance: ${name}`, () => {
    relevanceCases(factory);
    filterCases(factory);
    suggestCases(factory);
    validationCases(factory);
    freshnessCases(factory);
  });
}
