/**
 * `@boxoffice/sdk/lunr`: the lunr search index (createBoxOffice's default search), built and
 * queried in a worker thread. Needs the optional peer `lunr`, loaded by that worker.
 */
export { LunrSearchIndex, createLunrSearch, type LunrSearchOptions, type LunrSnapshotInfo } from './lunr-search.js';
export { preloadSearchIndex, type PreloadedSearchIndex } from './preload.js';
