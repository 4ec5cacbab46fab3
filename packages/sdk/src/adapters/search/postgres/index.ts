export { PostgresSearchIndex, createPostgresSearch, type PostgresSearchOptions } from './postgres-search.js';
