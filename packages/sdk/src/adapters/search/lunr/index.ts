export { LunrSearchIndex, createLunrSearch, type LunrSearchOptions } from './lunr-search.js';
