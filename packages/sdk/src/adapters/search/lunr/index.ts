export { LunrSearchIndex, createLunrSearch, type LunrSearchOptions } from './lunr-search.js';
export { preloadSearchIndex, type PreloadedSearchIndex } from './preload.js';
