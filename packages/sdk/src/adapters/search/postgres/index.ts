export { PostgresSearchIndex, type PostgresSearchOptions } from './postgres-search.js';
export type { PostgresSearchStore } from './search-store.js';
