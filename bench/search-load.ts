/**
 * `pnpm bench search-load --file <store>/boxoffice-search-index.bin [--runs 3]`: how long a
 * saved search index takes to load in this thread (what the search worker does at a server's
 * start on the embedded store), and its first query, run after run. Prints one line a run.
 */
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../packages/sdk/src/adapters/search/lunr/persist.js';
import type { SearchQuery } from '@boxoffice/sdk';

const { values } = parseArgs({ options: { file: { type: 'string' }, runs: { type: 'string', default: '3' } } });
if (!values.file) {
  console.error('usage: pnpm bench search-load --file <saved index> [--runs 3]');
  process.exit(2);
}
const query: SearchQuery = { words: ['festival'], phrase: 'festival', start: null, end: null, city: null, venueId: null, type: null, performerId: null, minPrice: null, maxPrice: null, onlyAvailable: false, near: null, sort: 'relevance', offset: 0, limit: 10, facets: ['type', 'city'] };
for (let run = 1; run <= Number(values.runs); run++) {
  const started = performance.now();
  const snapshot = await loadSnapshot(values.file);
  const loaded = performance.now();
  const hits = snapshot.search(query);
  const ms = (x: number) => Math.round(x);
  console.log(`run ${run}: loaded ${snapshot.eventIds.length} events in ${ms(loaded - started)} ms; first query ("festival", 2 facets) ${ms(performance.now() - loaded)} ms, ${hits.total} matches`);
}
