/**
 * `@boxoffice/sdk/lunr`: the in-process lunr search index (createBoxOffice's default search).
 * Needs the optional peer `lunr`, loaded on the first build.
 */
export { LunrSearchIndex, createLunrSearch, type LunrSearchOptions, type LunrSnapshotInfo } from './lunr-search.js';
